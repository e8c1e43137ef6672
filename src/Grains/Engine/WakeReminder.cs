using OrleansWorkflows.Hosting;

namespace OrleansWorkflows.Engine;

/// <summary>
/// An orchestration's wake reminder ("ow-wake"): registered before a commit that leaves a timer open beyond the precision
/// horizon (the grain may sleep through it; everything else is found by the recovery sweep over the store's wake index),
/// moved earlier when something earlier is due, removed when nothing is. It remembers what it registered, so most
/// commits touch no reminder. Very distant timers are reached in steps of at most 30 days.
/// </summary>
/// <param name="grain">The orchestration grain (owner of the reminder).</param>
/// <param name="options">The recovery interval.</param>
/// <param name="now">The engine clock.</param>
internal sealed class WakeReminder(IGrainBase grain, WorkflowEngineOptions options, Func<DateTime> now)
{
    public const string Name = "ow-wake";
    private static readonly TimeSpan MaxStep = TimeSpan.FromDays(30);
    private static readonly TimeSpan IdleRetryPeriod = TimeSpan.FromMinutes(10);
    private bool _registered;
    private DateTime _due = DateTime.MaxValue;
    private bool _known;

    // The handle of the reminder this activation registered: unregistering with it saves a reminder lookup.
    private IGrainReminder? _reminder;

    /// <summary>There is no instance: no reminder to look up (a stale one left by a purge unregisters itself when it ticks).</summary>
    public void NoInstance() => _known = true;

    /// <summary>The reminder ticked: it exists; what it is due for is unknown until the next <see cref="RefreshAsync"/>.</summary>
    public void Ticked()
    {
        _registered = true;
        _known = true;
        _due = DateTime.MaxValue;
    }

    /// <summary>Before a commit: makes sure a reminder is due by <paramref name="due"/> (none needed when <c>null</c>).</summary>
    public async Task EnsureAsync(DateTime? due, bool hasOpenWork)
    {
        if (due is { } at)
        {
            await EnsureKnownAsync();
            if (!_registered || at < _due)
            {
                await RegisterAsync(at, hasOpenWork);
            }
        }
    }

    /// <summary>After a commit or a wake-up: the reminder is due at <paramref name="due"/>, or removed when <c>null</c>.</summary>
    public async Task RefreshAsync(DateTime? due, bool hasOpenWork)
    {
        await EnsureKnownAsync();
        if (due is null)
        {
            if (_registered && (_reminder ?? await grain.GetReminder(Name)) is { } reminder)
            {
                await grain.UnregisterReminder(reminder);
            }

            _registered = false;
            _reminder = null;
            _due = DateTime.MaxValue;
        }
        else if (!_registered || due < _due)
        {
            await RegisterAsync(due.Value, hasOpenWork);
        }
    }

    private async Task EnsureKnownAsync()
    {
        if (!_known)
        {
            _registered = await grain.GetReminder(Name) is not null;
            _known = true;
        }
    }

    /// <summary>
    /// Registers the reminder at <paramref name="due"/>. While messages or activities are outstanding it repeats every
    /// recovery interval; while only timers are, a missed tick is retried after ten minutes, so a long timer does not
    /// wake the instance every minute.
    /// </summary>
    private async Task RegisterAsync(DateTime due, bool hasOpenWork)
    {
        var dueIn = due - now();
        dueIn = dueIn < TimeSpan.Zero ? TimeSpan.Zero : dueIn > MaxStep ? MaxStep : dueIn;
        var period = hasOpenWork || options.RecoveryInterval > IdleRetryPeriod ? options.RecoveryInterval : IdleRetryPeriod;
        _reminder = await grain.RegisterOrUpdateReminder(Name, dueIn, period);
        _registered = true;
        _due = now() + dueIn;
    }
}
