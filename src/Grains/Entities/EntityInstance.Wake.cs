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

        if (await BehindTheStoreAsync())
        {
            return; // given up: the next poke (the store keeps the entity due) or call reloads it
        }

        // Undelivered messages: send them again and look one interval later. Idle, or only messages queued behind a
        // lock: no wake-up (the unlock message wakes it, not the sweep).
        _outbox.Resume();
        await _store.SetWakeUpAsync(Key, _record.Version, WakeAtAfterCommit(_outbox.Count), _inbox.Seen);
    }

    /// <summary>
    /// Whether the store holds what this idle activation does not: inbox entries it never received, or a newer version.
    /// Only another activation of the same entity writes those: the grain directory allows a second activation for a
    /// moment while the cluster changes (a silo dies), and when both append and then commit, the one whose commit loses
    /// gives up, leaving the messages it appended and acknowledged in the store, unknown to the one that goes on. This
    /// activation is then given up too (its callers retry), and the next poke or call loads everything. A poke reaches an
    /// activation with nothing to run only while the store keeps the entity due, so this read is rare; it is skipped while
    /// an append of its own is under way (the store may hold that entry first), and nothing is decided when the
    /// activation ran anything meanwhile (the next poke looks again).
    /// </summary>
    private async Task<bool> BehindTheStoreAsync()
    {
        if (_inbox.Appending > 0)
        {
            return false;
        }

        var version = _record!.Version;
        var stored = await _store.LoadAsync(Key);
        if (_pump.Broken || _pump.Running || _inbox.Appending > 0 || _inbox.Count > 0 || _record.Version != version)
        {
            return false;
        }

        var held = _blocked.Select(e => e.Id).ToHashSet();
        var unknown = stored?.Inbox.Count(e => !held.Contains(e.Id)) ?? 0;
        if (stored is not null && stored.Record.Version == version && unknown == 0)
        {
            return false;
        }

        LogBehindTheStore(Key, version, stored?.Record.Version, unknown);
        _pump.Stop();
        _host.DeactivateOnIdle();
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
