using OrleansWorkflows.History;
using OrleansWorkflows.Replay;
using OrleansWorkflows.Runtime;
using OrleansWorkflows.Storage;

namespace OrleansWorkflows.Engine;

/// <summary>
/// Wake-ups: durable timers firing, the wake reminder (timers beyond the precision horizon) and the recovery sweep's
/// pokes; each fires due timers, re-sends expired activities and undelivered messages, and runs waiting work.
/// </summary>
internal sealed partial class OrchestrationInstance
{
    /// <summary>The wake reminder ticked.</summary>
    public async Task ReminderTickedAsync()
    {
        if (_pump.Broken)
        {
            return;
        }

        if (_waitingFor is not null)
        {
            await WakeWhileWaitingAsync(fromSweep: false);
            return;
        }

        // Unknown from here on: the refresh below re-registers for exactly the next thing due.
        Reminder.Ticked();
        ResumeOutstandingWork();
        await RefreshWakeUpAsync();
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

        if (_waitingFor is not null)
        {
            await WakeWhileWaitingAsync(fromSweep: true);
            return;
        }

        if (ResumeOutstandingWork())
        {
            // The episode's commit stores the next wake-up.
            return;
        }

        if (StartScheduledLater)
        {
            // Poked early (an event appended while Pending): the wake-up goes back to the start's time.
            await Store.SetWakeUpAsync(InstanceId, _record.Version, _start!.NotBefore, InboxDecidedUpTo);
            return;
        }

        if (_pump.Running)
        {
            return;
        }

        if (IsRunning && !HoldsInbox && Inbox.Count == 0 && await BehindTheStoreAsync())
        {
            return; // given up: the next poke (the store keeps the instance due) or call replays it
        }

        // Messages buffered while suspended (or kept by a Failed instance for a rewind) wait by design: not due.
        var due = Wake.DurableWakeAt(IsRunning ? _executor : null, !HoldsInbox && Inbox.Count > 0, Outbox.Count);
        if (due is { } d && d <= Now)
        {
            // Still outstanding (a long activity, an unacknowledged message): look again one interval later.
            due = Now + Options.RecoveryInterval;
        }

        await Store.SetWakeUpAsync(InstanceId, _record.Version, due, InboxDecidedUpTo);
    }

    /// <summary>
    /// Whether the store holds what this running activation, with no message left to apply, does not: messages it never
    /// received (the store keeps the instance due at once while it holds entries the writers did not know of) or a newer
    /// version. Only another activation of the same instance writes those: the grain directory allows a second activation
    /// for a moment while the cluster changes (a silo dies), and the one whose commit loses gives up, leaving the messages
    /// it appended and acknowledged (an activity's result, an event) in the store, where a re-delivery is refused as a
    /// repeat. This activation is then given up too, and the next poke or call replays from the store. A poke reaches it
    /// only while the store keeps the instance due; it is skipped while an append of its own is under way (the store may
    /// hold that entry first), and nothing is decided when the activation committed meanwhile (the next poke looks again).
    /// </summary>
    private async Task<bool> BehindTheStoreAsync()
    {
        if (Inbox.Appending > 0)
        {
            return false;
        }

        var version = _record!.Version;
        var stored = await Store.GetRecordAsync(InstanceId);
        if (_pump.Broken || _pump.Running || Inbox.Appending > 0 || Inbox.Count > 0 || _record?.Version != version)
        {
            return false;
        }

        var unknownMessages = stored?.WakeAt == InstanceRecord.DueAtOnce;
        if (stored is not null && stored.Version == version && !unknownMessages)
        {
            return false;
        }

        LogBehindTheStore(InstanceId, version, stored?.Version, unknownMessages);
        _pump.Stop();
        GiveUp(new InstanceReloadingException($"Instance '{InstanceId}' is reloading from the store; retry the call."));
        return true;
    }

    /// <summary>What a wake-up does (reminder tick or sweep poke): fire due timers, re-send expired activities and
    /// undelivered messages, ask an execution again whose last events went unanswered, run waiting work. Returns whether
    /// an episode is under way.</summary>
    private bool ResumeOutstandingWork()
    {
        Timers.FireDue();
        RedispatchActivities(all: false);
        ResumeDeliveries();
        if (IsRunning && _executor?.AsksAgainOnWake == true)
        {
            _wokenFromOutside = true;
        }

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
        ArmScheduledStart();
        return Reminder.RefreshAsync(WithScheduledStart(Wake.ReminderDue(IsRunning ? _executor : null)), hasOpenWork);
    }

    /// <summary>
    /// What a wake-up write tells the store about the inbox (<see cref="InstanceCommit.InboxSeenUpTo"/>): a suspended
    /// instance (or a Failed one, see <see cref="HoldsInbox"/>, or one waiting for its scheduled start) has decided to keep
    /// the entries it knows of buffered, so only newer ones make it due; any other finished instance applies no message,
    /// so no entry (known to this activation or not) makes it due; otherwise every entry does (0).
    /// </summary>
    private long InboxDecidedUpTo => HoldsInbox || StartScheduledLater ? Inbox.Seen : _record is { } r && r.Status.IsTerminal() ? long.MaxValue : 0;
}
