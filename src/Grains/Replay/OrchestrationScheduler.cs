namespace OrleansWorkflows.Replay;

/// <summary>
/// The single-threaded scheduler orchestrator code runs on. It never inlines and runs queued work only while the
/// executor pumps it, on the pumping thread. Work queued from any other thread, or while nobody pumps (a continuation of
/// <c>Task.Delay</c>, I/O or a grain call), is never run: it is recorded as a violation that fails the instance.
/// </summary>
internal sealed class OrchestrationScheduler : TaskScheduler
{
    private readonly Queue<Task> _queue = new();
    private readonly Lock _lock = new();
    private readonly Action _onViolation;
    private int _ownerThreadId = -1;

    /// <summary>Creates the scheduler.</summary>
    /// <param name="onViolation">Called (on any thread) when work arrives from outside the orchestrator.</param>
    public OrchestrationScheduler(Action onViolation)
    {
        _onViolation = onViolation;
    }

    /// <summary>Set once work was queued from outside a pump; the instance must fail.</summary>
    public string? Violation { get; private set; }

    /// <summary>True while the executor runs an episode on the current thread.</summary>
    public bool IsPumpingOnCurrentThread => Volatile.Read(ref _ownerThreadId) == Environment.CurrentManagedThreadId;

    /// <summary>Makes the current thread the owner for the duration of an episode; dispose to release.</summary>
    public OwnerScope Enter()
    {
        var previous = _ownerThreadId;
        Volatile.Write(ref _ownerThreadId, Environment.CurrentManagedThreadId);
        return new OwnerScope(this, previous);
    }

    /// <inheritdoc />
    public override int MaximumConcurrencyLevel => 1;

    /// <summary>Runs queued work until none is left.</summary>
    public void Pump()
    {
        while (true)
        {
            Task? next;
            lock (_lock)
            {
                if (!_queue.TryDequeue(out next))
                {
                    return;
                }
            }

            TryExecuteTask(next);
        }
    }

    /// <summary>Records a violation detected elsewhere (e.g. a context call from the wrong thread).</summary>
    /// <param name="message">What happened.</param>
    public void RecordViolation(string message)
    {
        Violation ??= message;
    }

    /// <summary>Records a violation that happened off the orchestrator's thread and asks the owner to run an episode,
    /// which then fails the instance with it.</summary>
    /// <param name="message">What happened.</param>
    public void ReportOutsideViolation(string message)
    {
        RecordViolation(message);
        _onViolation();
    }

    /// <inheritdoc />
    protected override void QueueTask(Task task)
    {
        if (!IsPumpingOnCurrentThread)
        {
            RecordViolation(
                "The orchestration awaited a task that is not a durable task: its continuation arrived from another thread " +
                "(Task.Delay, Task.Run, I/O, HttpClient, a grain call, or a TaskCompletionSource completed elsewhere). " +
                "Orchestrations may await only tasks returned by the OrchestrationContext (and Task.WhenAll/WhenAny over them); " +
                "move the work into an activity and use context.CreateTimer for delays.");
            _onViolation();
            return;
        }

        lock (_lock)
        {
            _queue.Enqueue(task);
        }
    }

    /// <summary>Restores the previous owner.</summary>
    internal readonly struct OwnerScope(OrchestrationScheduler scheduler, int previous) : IDisposable
    {
        public void Dispose() => Volatile.Write(ref scheduler._ownerThreadId, previous);
    }

    /// <inheritdoc />
    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => false;

    /// <inheritdoc />
    protected override IEnumerable<Task> GetScheduledTasks()
    {
        lock (_lock)
        {
            return [.. _queue];
        }
    }
}
