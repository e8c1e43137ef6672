namespace OrleansWorkflows.Replay;

internal sealed partial class ReplayContext
{
    private readonly Dictionary<string, LinkedList<(Action<string?> Complete, DateTime Since)>> _eventWaiters = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Queue<string?>> _bufferedEvents = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<History.EventRaised> _bufferedOrder = [];

    public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default, string callerFilePath = "", int callerLineNumber = 0)
    {
        EnsureOnScheduler();
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        var task = new OpenTask<T>();
        if (_bufferedEvents.TryGetValue(eventName, out var buffered) && buffered.Count > 0)
        {
            var payload = buffered.Dequeue();
            _bufferedOrder.RemoveAt(_bufferedOrder.FindIndex(e => string.Equals(e.Name, eventName, StringComparison.OrdinalIgnoreCase)));
            task.Complete(payload);
            return task.Task;
        }

        if (!_eventWaiters.TryGetValue(eventName, out var waiters))
        {
            waiters = _eventWaiters[eventName] = new LinkedList<(Action<string?> Complete, DateTime Since)>();
        }

        var node = waiters.AddLast((new Action<string?>(task.Complete), CurrentUtcDateTime));
        _executor.TrackEventWaiter(+1);
        OnCanceled(cancellationToken, () =>
        {
            if (node.List is not null)
            {
                waiters.Remove(node);
                _executor.TrackEventWaiter(-1);
                task.Cancel();
            }
        });

        return task.Task;
    }

    public override async Task<T> WaitForExternalEvent<T>(string eventName, TimeSpan timeout, CancellationToken cancellationToken = default, string callerFilePath = "", int callerLineNumber = 0)
    {
        EnsureOnScheduler();
        using var timerCancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var waitCancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var wait = WaitForExternalEvent<T>(eventName, waitCancel.Token);
        var timer = ScheduleTimer(CurrentUtcDateTime + timeout, timerCancel.Token, new Caller(callerFilePath, callerLineNumber));
        var winner = await Task.WhenAny(wait, timer);
        if (winner == wait)
        {
            timerCancel.Cancel();
            return await wait;
        }

        waitCancel.Cancel();
        cancellationToken.ThrowIfCancellationRequested();
        throw new TimeoutException($"Event '{eventName}' did not arrive within {timeout}.");
    }

    /// <summary>Delivers an event to the oldest waiter for its name, or buffers it.</summary>
    internal void DeliverEvent(History.EventRaised raised)
    {
        if (_eventWaiters.TryGetValue(raised.Name, out var waiters) && waiters.First is { } first)
        {
            waiters.RemoveFirst();
            _executor.TrackEventWaiter(-1);
            _executor.EventWaitEnded(raised, first.Value.Since);
            first.Value.Complete(raised.Input);
            return;
        }

        if (!_bufferedEvents.TryGetValue(raised.Name, out var queue))
        {
            queue = _bufferedEvents[raised.Name] = new Queue<string?>();
        }

        queue.Enqueue(raised.Input);
        _bufferedOrder.Add(raised);
    }

    /// <summary>Events received and not consumed, in arrival order (carried over by continue-as-new).</summary>
    internal IReadOnlyList<History.EventRaised> UnconsumedEvents => _bufferedOrder;
}
