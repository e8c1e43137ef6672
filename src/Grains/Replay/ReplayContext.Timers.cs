namespace OrleansWorkflows.Replay;

internal sealed partial class ReplayContext
{
    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken, string callerFilePath = "", int callerLineNumber = 0)
    {
        EnsureOnScheduler();
        return ScheduleTimer(fireAt, cancellationToken, new Caller(callerFilePath, callerLineNumber));
    }

    /// <summary>A durable timer, for <paramref name="caller"/> (the user code's call that needs it).</summary>
    private Task ScheduleTimer(DateTime fireAt, CancellationToken cancellationToken, Caller caller)
    {
        fireAt = fireAt.Kind == DateTimeKind.Local ? fireAt.ToUniversalTime() : DateTime.SpecifyKind(fireAt, DateTimeKind.Utc);
        var task = new OpenTask<object?>();
        var sequence = NextSequence();
        _executor.AddAction(new CreateTimerAction(sequence, fireAt), task, caller);
        // Canceling from orchestrator code runs this callback inline, on the orchestrator's thread. A canceled
        // timer is no longer open: its later firing is not recorded and no reminder is kept for it.
        OnCanceled(cancellationToken, () => _executor.CancelTimer(sequence));

        return task.Task;
    }
}
