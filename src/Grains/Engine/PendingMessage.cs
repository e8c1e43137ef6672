using OrleansWorkflows.History;

namespace OrleansWorkflows.Engine;

/// <summary>A message held in memory until the episode that applies it is committed (activity results, timer fires).</summary>
/// <param name="ExecutionId">The execution it is addressed to.</param>
/// <param name="Event">The history event it becomes.</param>
internal sealed record PendingMessage(string ExecutionId, HistoryEvent Event)
{
    /// <summary>Completed when the episode that applied (or dropped) the message is committed.</summary>
    public TaskCompletionSource Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
