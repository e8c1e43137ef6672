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
    private HashSet<int>? _timers; // created by the first timer fire: most instances have no timer

    public int Count => _items.Count;

    /// <summary>Whether a result (completion or failure) of activity task <paramref name="taskId"/> is waiting.</summary>
    public bool HasResultFor(int taskId) => _results.Contains(taskId);

    /// <summary>Whether the fire of timer <paramref name="timerId"/> is waiting.</summary>
    public bool HasTimerFired(int timerId) => _timers?.Contains(timerId) == true;

    public void Add(PendingMessage message)
    {
        _items.Add(message);
        Track(message, add: true);
    }

    /// <summary>Removes the messages an episode applied (the same objects it took).</summary>
    public void RemoveApplied(IReadOnlyList<PendingMessage> applied)
    {
        if (applied.Count == 0)
        {
            return;
        }

        // An episode applies a few messages (usually one result): compared by reference in place, no set per episode.
        var done = applied.Count > 8 ? new HashSet<PendingMessage>(applied, ReferenceEqualityComparer.Instance) : null;
        var kept = 0;
        for (var i = 0; i < _items.Count; i++)
        {
            var item = _items[i];
            if (!(done?.Contains(item) ?? Contains(applied, item)))
            {
                _items[kept++] = item;
            }
        }

        _items.RemoveRange(kept, _items.Count - kept);
        for (var i = 0; i < applied.Count; i++)
        {
            Track(applied[i], add: false);
        }
    }

    public void Clear()
    {
        _items.Clear();
        _results.Clear();
        _timers?.Clear();
    }

    public IEnumerator<PendingMessage> GetEnumerator() => _items.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    private static bool Contains(IReadOnlyList<PendingMessage> applied, PendingMessage item)
    {
        for (var i = 0; i < applied.Count; i++)
        {
            if (ReferenceEquals(applied[i], item))
            {
                return true;
            }
        }

        return false;
    }

    private void Track(PendingMessage message, bool add)
    {
        var (set, id) = message.Event switch
        {
            TaskCompleted c => (_results, c.TaskScheduledId),
            TaskFailed f => (_results, f.TaskScheduledId),
            TimerFired t => (add ? _timers ??= [] : _timers, t.TimerId),
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
