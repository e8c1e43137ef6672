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

        if (_inbox.Appending == 0 && await CheckAgainstStoreAsync())
        {
            return; // entries taken in (the batch's commit stores the next wake-up), or given up (the next poke reloads it)
        }

        if (_inbox.Count > 0 || _pump.Running || _pump.Broken)
        {
            return; // a delivery arrived while the store was read: its batch's commit stores the next wake-up
        }

        // Undelivered messages: send them again and look one interval later. Idle, or only messages queued behind a
        // lock: no wake-up (the unlock message wakes it, not the sweep).
        _outbox.Resume();
        await _store.SetWakeUpAsync(Key, _record.Version, WakeAtAfterCommit(_outbox.Count), _inbox.Seen);
    }

    /// <summary>
    /// Compares this activation with the store, which may hold what it does not: inbox entries it never received, or a
    /// newer version. Only another activation of the same entity writes those: the grain directory allows a second
    /// activation for a moment while the cluster changes (a silo dies), and the messages it appended and acknowledged stay
    /// in the store when it is gone or gives up (its commit lost), unknown to the one that goes on. Entries alone (the
    /// version is this activation's) are taken in and run; a newer version means this activation's state is stale: it is
    /// given up (its callers retry) and the next poke or call loads everything. Nothing is decided when this activation
    /// committed while the store was read (the next check looks again). Returns whether anything changed. Runs when a
    /// poke finds nothing to run (a poke reaches an idle activation only while the store keeps the entity due) and when a
    /// client's repeated request id was refused as a repeat (its first attempt may have reached the other activation).
    /// </summary>
    private async Task<bool> CheckAgainstStoreAsync()
    {
        var version = _record!.Version;
        var stored = await _store.LoadAsync(Key);
        if (_pump.Broken || _record.Version != version)
        {
            return false;
        }

        if (stored is null || stored.Record.Version != version)
        {
            LogBehindTheStore(Key, version, stored?.Record.Version);
            _pump.Stop();
            _host.DeactivateOnIdle();
            return true;
        }

        var held = _inbox.Entries.Select(e => e.Id).Concat(_blocked.Select(e => e.Id)).ToHashSet();
        var unknown = stored.Inbox.Where(e => !held.Contains(e.Id)).ToList();
        if (unknown.Count == 0)
        {
            return false;
        }

        LogEntriesRecovered(Key, unknown.Count);
        _inbox.Recover(unknown);
        _pump.Ensure();
        return true;
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
