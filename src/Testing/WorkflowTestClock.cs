using OrleansWorkflows.Testing.Skipping;

namespace OrleansWorkflows.Testing;

/// <summary>
/// The engine clock of a <see cref="WorkflowTestHost"/>: the time orchestrations see (<c>context.CurrentUtcDateTime</c>),
/// durable timers fire by and history is stamped with. It stands still unless it is moved: by
/// <see cref="AdvanceAsync"/>, or by the host itself while a client waits for an orchestration to finish and nothing
/// but durable timers is pending (time skipping). Orleans' own clock is not touched.
/// </summary>
public sealed class WorkflowTestClock : TimeProvider
{
    private long _ticks;
    private TimeSkipper? _skipper;

    internal WorkflowTestClock(DateTimeOffset start) => _ticks = start.UtcTicks;

    /// <summary>The engine's current time (UTC).</summary>
    public DateTimeOffset UtcNow => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => UtcNow;

    /// <summary>
    /// Moves engine time forward by <paramref name="by"/>, through every durable timer due on the way, each at its own
    /// time: the clock stops at the next timer, the instance fires it and runs until the engine is idle again (running
    /// activities are waited for, see <see cref="WorkflowTestHostOptions.ActivityWaitOnAdvance"/>), then on to the next.
    /// Returns once the clock reads the target time and the engine is idle.
    /// </summary>
    /// <param name="by">How far to move; zero just waits until the engine is idle and fires what is due.</param>
    /// <param name="cancellationToken">Cancels the wait (the clock keeps what it reached).</param>
    /// <exception cref="TimeoutException">The engine did not become idle within <see cref="WorkflowTestHostOptions.SettleTimeout"/>.</exception>
    public Task AdvanceAsync(TimeSpan by, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        return AdvanceToAsync(UtcNow + by, cancellationToken);
    }

    /// <summary>Moves engine time forward to <paramref name="time"/>, as <see cref="AdvanceAsync"/> does.</summary>
    /// <param name="time">The target time; not before <see cref="UtcNow"/>.</param>
    /// <param name="cancellationToken">Cancels the wait (the clock keeps what it reached).</param>
    /// <exception cref="TimeoutException">The engine did not become idle within <see cref="WorkflowTestHostOptions.SettleTimeout"/>.</exception>
    public Task AdvanceToAsync(DateTimeOffset time, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(time, UtcNow);
        var skipper = _skipper ?? throw new InvalidOperationException("The clock is not attached to a running WorkflowTestHost.");
        return skipper.AdvanceToAsync(time.UtcDateTime, cancellationToken);
    }

    internal void Attach(TimeSkipper skipper) => _skipper = skipper;

    /// <summary>Moves the clock to <paramref name="time"/> (never backwards).</summary>
    internal void MoveTo(DateTime time)
    {
        long current;
        do
        {
            current = Interlocked.Read(ref _ticks);
            if (time.Ticks <= current)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _ticks, time.Ticks, current) != current);
    }
}
