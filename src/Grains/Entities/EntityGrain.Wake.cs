namespace OrleansWorkflows.Entities;

/// <summary>
/// The durable wake-up: a reminder registered before the first message of a busy period is acknowledged, so inbox
/// messages and outbox entries left by a crash are processed and sent. It is removed on a tick that finds the entity idle.
/// </summary>
internal sealed partial class EntityGrain
{
    private const string WakeReminderName = "ow-entity-wake";
    private Task? _wake;

    private bool IsIdle => _inbox.Count == 0 && _blocked.Count == 0 && _outbox.Count == 0;

    public async Task ReceiveReminder(string reminderName, Orleans.Runtime.TickStatus status)
    {
        if (reminderName != WakeReminderName || _pump.Broken || _invalidKey is not null)
        {
            return;
        }

        _wake ??= Task.CompletedTask;
        if (ResumeIfBusy())
        {
            return;
        }

        _wake = null;
        if (await this.GetReminder(WakeReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        if (_wake is not null || !IsIdle)
        {
            // A message arrived while unregistering: register again (the two calls may have raced).
            _wake = null;
            await EnsureWakeAsync();
        }
    }

    /// <summary>
    /// A poke from the recovery sweep (the store made this entity due when a message was appended to its inbox): run
    /// and send what waits; when idle, clear the stored wake-up (the store keeps it due while inbox entries remain).
    /// </summary>
    public async Task WakeAsync()
    {
        if (_pump.Broken || _invalidKey is not null || _record is null)
        {
            return;
        }

        if (_inbox.Count > 0 || _outbox.Count > 0 || _pump.Running)
        {
            ResumeIfBusy();
            return;
        }

        // Idle, or only messages queued behind a lock: the unlock message wakes it, not the sweep.
        await _store.SetWakeUpAsync(Key, _record.Version, null, _inbox.Seen);
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

    private async Task EnsureWakeAsync()
    {
        _wake ??= this.RegisterOrUpdateReminder(WakeReminderName, _options.RecoveryInterval, _options.RecoveryInterval);
        try
        {
            await _wake;
        }
        catch
        {
            _wake = null;
            throw;
        }
    }
}
