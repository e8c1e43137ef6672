using OrleansWorkflows.History;
using OrleansWorkflows.Replay;

namespace OrleansWorkflows.Engine;

internal sealed partial class OrchestrationGrain
{
    private WakeReminder? _reminder;
    private DurableTimers? _timers;

    /// <summary>The open timers' in-memory grain timers (see <see cref="DurableTimers"/>).</summary>
    private DurableTimers Timers => _timers ??= new DurableTimers(
        _options.TimerPrecisionHorizon,
        () => Now,
        (callback, options) => this.RegisterGrainTimer(callback, options),
        () => _executor?.OpenActions.OfType<CreateTimerAction>() ?? [],
        FireTimer);

    private WakeReminder Reminder => _reminder ??= new WakeReminder(this, _options, () => Now);

    public async Task ReceiveReminder(string reminderName, Orleans.Runtime.TickStatus status)
    {
        if (reminderName != WakeReminder.Name || _pump.Broken)
        {
            return;
        }

        // Unknown from here on: the refresh below re-registers for exactly the next thing due.
        Reminder.Ticked();
        ResumeOutstandingWork();
        await RefreshWakeUpAsync();
    }

    /// <summary>What a wake-up does (reminder tick or sweep poke): fire due timers, re-send expired activities and
    /// undelivered messages, run waiting work. Returns whether an episode is under way.</summary>
    private bool ResumeOutstandingWork()
    {
        Timers.FireDue();
        RedispatchActivities(all: false);
        ResumeDeliveries();
        if (!HasEpisodeWork)
        {
            return false;
        }

        _pump.Ensure();
        return true;
    }

    private void FireTimer(CreateTimerAction timer)
    {
        if (_executor?.IsOpen<CreateTimerAction>(timer.Id) != true || _record is null
            || _pending.HasTimerFired(timer.Id))
        {
            return;
        }

        _pending.Add(new PendingMessage(_record.ExecutionId, new TimerFired(timer.Id, timer.FireAt)));
        _pump.Ensure();
    }

    /// <summary>Registers the durable wake-up BEFORE a commit that leaves work outstanding, so a crash right after the
    /// commit cannot leave the instance stuck. The commit itself carries the wake-up in the wake index
    /// (<see cref="WakeRules.DurableWakeAt"/>); a reminder is only registered for timers beyond the precision horizon.</summary>
    private Task EnsureWakeUpBeforeCommitAsync(bool hasOpenWork, IExecutionView? executor) =>
        Reminder.EnsureAsync(Wake.ReminderDue(executor), hasOpenWork);

    private Task RefreshWakeUpAsync()
    {
        var hasOpenWork = Outbox.Count > 0 || Inbox.Count > 0 || _start is not null
            || (IsRunning && _executor?.OpenActions.Any(a => a is not CreateTimerAction) == true);
        return Reminder.RefreshAsync(Wake.ReminderDue(IsRunning ? _executor : null), hasOpenWork);
    }

    /// <summary>
    /// A poke from the recovery sweep (<see cref="WakeSweepGrain"/>): does what a wake reminder tick does — fire due
    /// timers, re-send expired activities and undelivered messages, run waiting work — and, when nothing is left to
    /// lose, moves the stored wake-up on so the sweep stops finding this instance.
    /// </summary>
    public async Task WakeAsync()
    {
        if (_pump.Broken || _record is null)
        {
            return;
        }

        if (ResumeOutstandingWork())
        {
            // The episode's commit stores the next wake-up.
            return;
        }

        if (_pump.Running)
        {
            return;
        }

        // Messages buffered while suspended (or kept by a Failed instance for a rewind) wait by design: not due.
        var due = Wake.DurableWakeAt(IsRunning ? _executor : null, !HoldsInbox && Inbox.Count > 0, Outbox.Count);
        if (due is { } d && d <= Now)
        {
            // Still outstanding (a long activity, an unacknowledged message): look again one interval later.
            due = Now + _options.RecoveryInterval;
        }

        await _store.SetWakeUpAsync(InstanceId, _record.Version, due, InboxDecidedUpTo);
    }

    /// <summary>
    /// What a wake-up write tells the store about the inbox (<see cref="InstanceCommit.InboxSeenUpTo"/>): a suspended
    /// instance (or a Failed one, see <see cref="HoldsInbox"/>) has decided to keep the entries it knows of buffered, so
    /// only newer ones make it due; any other finished instance applies no message, so no entry (known to this activation
    /// or not) makes it due; otherwise every entry does (0).
    /// </summary>
    private long InboxDecidedUpTo => HoldsInbox ? Inbox.Seen : _record is { } r && r.Status.IsTerminal() ? long.MaxValue : 0;
}
