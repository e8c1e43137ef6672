using OrleansWorkflows.Replay;

namespace OrleansWorkflows.Engine;

/// <summary>
/// When an orchestration must be woken (pure): at its earliest open timer, and within one recovery interval while
/// messages, activities or a start are outstanding. Every store keeps wake-ups with each commit (the wake index, found by
/// the recovery sweep); a reminder is only needed for timers beyond the precision horizon.
/// </summary>
/// <param name="recoveryInterval">How soon outstanding work is looked at again.</param>
/// <param name="timerPrecisionHorizon">Timers due within it are served by in-memory grain timers.</param>
/// <param name="now">The engine clock.</param>
internal sealed class WakeRules(TimeSpan recoveryInterval, TimeSpan timerPrecisionHorizon, Func<DateTime> now)
{
    public TimeSpan RecoveryInterval => recoveryInterval;

    /// <summary>
    /// When the wake-up is needed: at the earliest open timer (only those beyond the precision horizon when
    /// <paramref name="farTimersOnly"/>), and within one recovery interval while work is outstanding. <c>null</c> when
    /// nothing is outstanding.
    /// </summary>
    public DateTime? WakeDue(IExecutionView? execution, bool hasOpenWork, bool farTimersOnly = false)
    {
        DateTime? due = hasOpenWork ? now() + recoveryInterval : null;
        if (execution is null)
        {
            return due;
        }

        var horizon = farTimersOnly ? now() + timerPrecisionHorizon : DateTime.MinValue;
        // A loop, not a query: this runs for every episode of every instance.
        foreach (var action in execution.OpenActions)
        {
            if (action is CreateTimerAction timer && timer.FireAt >= horizon && (due is null || timer.FireAt < due))
            {
                due = timer.FireAt;
            }
        }

        return due;
    }

    /// <summary>The reminder wake-up: only for timers beyond the precision horizon (the grain may sleep through them).</summary>
    public DateTime? ReminderDue(IExecutionView? execution) => WakeDue(execution, false, farTimersOnly: true);

    /// <summary>
    /// The wake-up a commit stores in the wake index: one recovery interval ahead while activities, messages or a start
    /// are outstanding, else the first open timer, else none. <paramref name="execution"/> is the execution as committed
    /// (<c>null</c> once it has finished); <paramref name="undelivered"/> the outbox entries still to send.
    /// </summary>
    public DateTime? DurableWakeAt(IExecutionView? execution, bool hasMessages, int undelivered)
    {
        var openWork = hasMessages || undelivered > 0 || execution?.OpenActions.Any(a => a is not CreateTimerAction) == true;
        return WakeDue(execution, openWork);
    }
}
