using P = Microsoft.DurableTask.Protobuf;

namespace OrleansWorkflows.DurableTask.Grpc.Workers;

/// <summary>
/// One work item handed to remote workers and not answered yet: an orchestrator episode or an activity call. It carries
/// the completion token of its current dispatch; a re-dispatch (its worker disconnected, or abandoned it) gives it a new
/// one, so only the answer to the latest dispatch completes it.
/// </summary>
internal sealed class PendingWork
{
    private readonly TaskCompletionSource<object?> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PendingWork(string name, P.WorkItem item)
    {
        Name = name;
        Item = item;
    }

    /// <summary>The orchestration or activity name (what a worker's filters select on).</summary>
    public string Name { get; }

    /// <summary>The work item, its <see cref="P.WorkItem.CompletionToken"/> set by the current dispatch.</summary>
    public P.WorkItem Item { get; }

    public bool IsOrchestration => Item.RequestCase == P.WorkItem.RequestOneofCase.OrchestratorRequest;

    /// <summary>The connection it was last sent to; <c>null</c> while it waits for one.</summary>
    public WorkerConnection? Connection { get; set; }

    /// <summary>The worker's answer (<see cref="P.OrchestratorResponse"/> or <see cref="P.ActivityResponse"/>).</summary>
    public Task<object?> Answer => _done.Task;

    public bool TryAnswer(object response) => _done.TrySetResult(response);
}
