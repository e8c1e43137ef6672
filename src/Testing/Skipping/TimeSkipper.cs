using System.Diagnostics;
using OrleansWorkflows.Engine;
using OrleansWorkflows.Storage;

namespace OrleansWorkflows.Testing.Skipping;

/// <summary>
/// Moves the engine clock of a test host: to the next durable timer when nothing else is pending while a client waits
/// for an orchestration (automatic time skipping), or through the timers up to a target time (<see cref="AdvanceToAsync"/>).
/// A step happens only when the engine is idle — no engine call being processed, no wake-up due, no message on its way,
/// and (except for an explicit advance past its wait limit) no activity without a result — and nothing changed while
/// that was read from the store. After each move the recovery sweep wakes the instances that became due.
/// </summary>
internal sealed class TimeSkipper(
    WorkflowTestClock clock, EngineCalls calls, IWorkflowStore store, IGrainFactory grains, WorkflowTestHostOptions options) : IAsyncDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan IdlePollInterval = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan PokeInterval = TimeSpan.FromMilliseconds(200);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private long _lastPoke;
    private long _looks;
    private Task _loop = Task.CompletedTask;

    /// <summary>How often the skipper looked at the engine while a client waited (for tests of the kit).</summary>
    public long Looks => Interlocked.Read(ref _looks);

    /// <summary>Completion waits in progress.</summary>
    public int Waiters => calls.Waiters;

    private DateTime Now => clock.UtcNow.UtcDateTime;

    /// <summary>Starts automatic time skipping (when the options ask for it).</summary>
    public void Start()
    {
        clock.Attach(this);
        if (options.AutoSkipTime)
        {
            _loop = Task.Run(() => SkipWhileWaitedForAsync(_stop.Token));
        }
    }

    /// <summary>Moves the clock through every timer up to <paramref name="target"/>, then to it; returns when idle there.</summary>
    public async Task AdvanceToAsync(DateTime target, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        var token = linked.Token;
        await _gate.WaitAsync(token);
        try
        {
            var busySince = Stopwatch.GetTimestamp();
            while (true)
            {
                var step = await StepAsync(target, Stopwatch.GetElapsedTime(busySince) >= options.ActivityWaitOnAdvance, token);
                if (step.Outcome == StepOutcome.Idle && Now >= target)
                {
                    return;
                }

                if (step.Outcome == StepOutcome.Busy)
                {
                    if (Stopwatch.GetElapsedTime(busySince) > options.SettleTimeout)
                    {
                        throw new TimeoutException(
                            $"The workflow engine did not become idle within {options.SettleTimeout} while advancing the clock to {target:O}: {step.Reason}.");
                    }

                    await Task.Delay(PollInterval, token);
                    continue;
                }

                if (step.Outcome == StepOutcome.Idle)
                {
                    clock.MoveTo(target);
                    await SweepAsync();
                }

                busySince = Stopwatch.GetTimestamp();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _stop.Dispose();
        _gate.Dispose();
    }

    private async Task SkipWhileWaitedForAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(calls.Waiters > 0 ? PollInterval : IdlePollInterval, cancellationToken);
            if (calls.Waiters == 0)
            {
                continue;
            }

            await _gate.WaitAsync(cancellationToken);
            try
            {
                await StepAsync(DateTime.MaxValue, ignoreActivities: false, cancellationToken);
                Interlocked.Increment(ref _looks);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The store or the silo is busy or shutting down: look again on the next poll.
            }
            finally
            {
                _gate.Release();
            }
        }
    }

    /// <summary>
    /// One look: when the engine is idle, moves the clock to the earliest open timer not after <paramref name="limit"/>
    /// and wakes what became due (<see cref="StepOutcome.Moved"/>); <see cref="StepOutcome.Idle"/> when there is none.
    /// </summary>
    private async Task<Step> StepAsync(DateTime limit, bool ignoreActivities, CancellationToken cancellationToken)
    {
        var generation = calls.Generation;
        if (calls.InFlight > 0)
        {
            return new Step(StepOutcome.Busy, $"{calls.InFlight} engine call(s) in progress");
        }

        var now = Now;
        var pending = await PendingWork.ReadAsync(store, now, cancellationToken);
        if (calls.Generation != generation || calls.InFlight > 0)
        {
            return new Step(StepOutcome.Busy, "the engine is working");
        }

        if (pending.Due.Count > 0)
        {
            // The engine runs due work on its own; the sweep is the fallback, at most every PokeInterval.
            if (Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastPoke)) >= PokeInterval)
            {
                await SweepAsync();
            }

            return new Step(StepOutcome.Busy, $"{pending.Due.Count} instance(s) due, e.g. '{pending.Due[0].InstanceId}'");
        }

        if (pending.Busy is { } busy)
        {
            return new Step(StepOutcome.Busy, busy);
        }

        if (pending.RunningActivity is { } activity && !ignoreActivities)
        {
            return new Step(StepOutcome.Busy, activity + " has not returned");
        }

        if (pending.NextTimer is not { } next || next > limit)
        {
            return new Step(StepOutcome.Idle, null);
        }

        clock.MoveTo(next);
        await SweepAsync();
        return new Step(StepOutcome.Moved, null);
    }

    /// <summary>Pokes every instance whose wake-up is due by the engine clock (the engine's own recovery sweep).</summary>
    private async Task SweepAsync()
    {
        Interlocked.Exchange(ref _lastPoke, Stopwatch.GetTimestamp());
        await grains.GetGrain<IWakeSweepGrain>(0).SweepAsync();
    }

    private enum StepOutcome
    {
        Busy,
        Moved,
        Idle,
    }

    private readonly record struct Step(StepOutcome Outcome, string? Reason);
}
