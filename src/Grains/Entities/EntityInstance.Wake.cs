namespace OrleansWorkflows.Entities;

/// <summary>
/// Wake-ups, through the store's wake index as for orchestrations: an inbox append makes the entity due at once (the
/// store's rule), and a commit that leaves messages to send stores a wake-up one recovery interval on, so the recovery
/// sweep (<see cref="Engine.WakeSweepGrain"/>) finds an entity whose silo died with work outstanding. Earlier versions
/// kept a reminder per busy entity instead ("ow-entity-wake"): a stored one still ticks, is taken as a wake-up and removed.
/// </summary>
internal sealed partial class EntityInstance
{
    /// <summary>The per-entity recovery reminder earlier versions registered; only ever unregistered now.</summary>
    public const string LegacyWakeReminderName = "ow-entity-wake";

    private bool IsIdle => _inbox.Count == 0 && _blocked.Count == 0 && _outbox.Count == 0;

    /// <summary>The wake-up a commit leaving <paramref name="unsent"/> messages in the outbox stores.</summary>
    private DateTime? WakeAtAfterCommit(int unsent) => unsent > 0 ? Now + _options.RecoveryInterval : null;

    /// <summary>
    /// A reminder stored by an earlier version ticked: it is a wake-up; what it guarded is now in the wake index (the
    /// grain then removes the reminder). Returns <c>false</c>, and does nothing, when this activation is unusable.
    /// </summary>
    public async Task<bool> LegacyReminderTickedAsync()
    {
        if (_pump.Broken || _invalidKey is not null)
        {
            return false;
        }

        if (ResumeIfBusy() && _record is not null)
        {
            await _store.SetWakeUpAsync(Key, _record.Version, Now + _options.RecoveryInterval, _inbox.Seen);
        }

        return true;
    }

    /// <summary>
    /// A poke from the recovery sweep (the store made this entity due when a message was appended to its inbox, or a
    /// commit left messages to send): run and send what waits, and move the stored wake-up on (clear it when idle).
    /// </summary>
    public async Task WakeAsync()
    {
        if (_pump.Broken || _invalidKey is not null || _record is null)
        {
            return;
        }

        if (_inbox.Count > 0 || _pump.Running)
        {
            // The batch's commit stores the next wake-up.
            ResumeIfBusy();
            return;
        }

        // Undelivered messages: send them again and look one interval later. Idle, or only messages queued behind a
        // lock: no wake-up (the unlock message wakes it, not the sweep).
        _outbox.Resume();
        await _store.SetWakeUpAsync(Key, _record.Version, WakeAtAfterCommit(_outbox.Count), _inbox.Seen);
    }

    /// <summary>Runs waiting operations and re-sends undelivered messages; false when there are none.</summary>
    private bool ResumeIfBusy()
    {
        if (IsIdle)
        {
            return false;
        }

        _pump.Ensure();
        _outbox.Resume();
        return true;
    }
}
