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

/// <summary>
/// The messages waiting for the next episode, in arrival order, with constant-time lookups of the task and timer ids
/// they complete (a fan-out of thousands of activities delivers thousands of results between two episodes).
/// </summary>
internal sealed class PendingMessages : IEnumerable<PendingMessage>
{
    private readonly List<PendingMessage> _items = [];
    private readonly HashSet<int> _results = [];
    private readonly HashSet<int> _timers = [];

    public int Count => _items.Count;

    /// <summary>Whether a result (completion or failure) of activity task <paramref name="taskId"/> is waiting.</summary>
    public bool HasResultFor(int taskId) => _results.Contains(taskId);

    /// <summary>Whether the fire of timer <paramref name="timerId"/> is waiting.</summary>
    public bool HasTimerFired(int timerId) => _timers.Contains(timerId);

    public void Add(PendingMessage message)
    {
        _items.Add(message);
        Track(message, add: true);
    }

    /// <summary>Removes the messages an episode applied (the same objects it took).</summary>
    public void RemoveApplied(IReadOnlyCollection<PendingMessage> applied)
    {
        var done = new HashSet<PendingMessage>(applied, ReferenceEqualityComparer.Instance);
        _items.RemoveAll(done.Contains);
        foreach (var message in applied)
        {
            Track(message, add: false);
        }
    }

    public void Clear()
    {
        _items.Clear();
        _results.Clear();
        _timers.Clear();
    }

    public IEnumerator<PendingMessage> GetEnumerator() => _items.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    private void Track(PendingMessage message, bool add)
    {
        var (set, id) = message.Event switch
        {
            TaskCompleted c => (_results, c.TaskScheduledId),
            TaskFailed f => (_results, f.TaskScheduledId),
            TimerFired t => (_timers, t.TimerId),
            _ => (null, 0),
        };
        if (set is null)
        {
            return;
        }

        if (add)
        {
            set.Add(id);
        }
        else
        {
            set.Remove(id);
        }
    }
}
