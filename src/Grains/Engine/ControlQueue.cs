using System.Diagnostics.CodeAnalysis;
using OrleansWorkflows.Runtime;

namespace OrleansWorkflows.Engine;

/// <summary>
/// The control requests (terminate, suspend, resume, rewind, adopt) an orchestration has accepted and not yet answered,
/// in arrival order: each runs as an episode of its own, and its caller waits for the answer given when it leaves the queue.
/// </summary>
internal sealed class ControlQueue
{
    // Created by the first request: most instances never get one, and every activation would keep an empty queue.
    private Queue<ControlWork>? _queued;

    public int Count => _queued?.Count ?? 0;

    private Queue<ControlWork> Queued => _queued ??= new();

    /// <summary>Queues <paramref name="work"/>; the task ends with its answer.</summary>
    public Task<OperationResult> Enqueue(ControlWork work)
    {
        Queued.Enqueue(work);
        return work.Done.Task;
    }

    /// <summary>The oldest request, still queued.</summary>
    public bool TryPeek([MaybeNullWhen(false)] out ControlWork work)
    {
        if (_queued is null)
        {
            work = null;
            return false;
        }

        return _queued.TryPeek(out work);
    }

    /// <summary>Takes the oldest request (<paramref name="work"/>) off the queue and answers it.</summary>
    public void Answer(ControlWork work, OperationResult result)
    {
        Queued.Dequeue();
        work.Done.TrySetResult(result);
    }

    /// <summary>Takes the oldest request off the queue; the caller answers it once what it did is applied.</summary>
    public void Dequeue() => Queued.Dequeue();

    /// <summary>The answer of a queued request with <paramref name="requestId"/> (a repeat waits for it), or <c>null</c>.</summary>
    public Task<OperationResult>? Find(string requestId) => _queued?.FirstOrDefault(c => c.RequestId == requestId)?.Done.Task;

    /// <summary>The activation is given up: every queued request fails with <paramref name="ex"/>.</summary>
    public void FailAll(Exception ex)
    {
        while (_queued is not null && _queued.TryDequeue(out var control))
        {
            control.Done.TrySetException(ex);
        }
    }
}
