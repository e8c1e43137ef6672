using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using OrleansWorkflows.Hosting;
using OrleansWorkflows.Runtime;
using OrleansWorkflows.Storage;

namespace OrleansWorkflows.Engine;

/// <summary>An orchestration instance as the recovery sweep sees it.</summary>
[Alias("ow.IOrchestrationWake")]
internal interface IOrchestrationWake : IGrainWithStringKey
{
    /// <summary>Re-sends and runs whatever outstanding work the instance has; one-way.</summary>
    [Alias("WakeAsync")]
    [OneWay]
    Task WakeAsync();
}

/// <summary>An entity as the recovery sweep sees it.</summary>
[Alias("ow.IEntityWake")]
internal interface IEntityWake : IGrainWithStringKey
{
    /// <summary>Processes and sends whatever the entity has waiting; one-way.</summary>
    [Alias("WakeAsync")]
    [OneWay]
    Task WakeAsync();
}

/// <summary>The cluster's recovery sweep (one grain, key 0) over the store's wake index.</summary>
[Alias("ow.IWakeSweepGrain")]
internal interface IWakeSweepGrain : IGrainWithIntegerKey
{
    /// <summary>Registers the reminder that keeps the sweep alive on some silo; idempotent.</summary>
    [Alias("EnsureRunningAsync")]
    Task EnsureRunningAsync();

    /// <summary>Pokes every instance whose stored wake-up is due; returns how many.</summary>
    [Alias("SweepAsync")]
    Task<int> SweepAsync();
}

/// <summary>
/// Finds instances whose stored wake-up (<see cref="InstanceRecord.WakeAt"/>, written with each episode's commit) is due
/// and pokes them, every half recovery interval while active. This replaces one Orleans reminder per busy instance:
/// an instance whose silo died with activities, messages or a start outstanding is woken within about one recovery
/// interval. A reminder (one for the whole cluster) re-activates the sweep on another silo when its own silo dies.
/// </summary>
[GrainType("wakesweep")]
internal sealed partial class WakeSweepGrain(
    IWorkflowStore store,
    IOptions<WorkflowEngineOptions> options,
    [FromKeyedServices(WorkflowHostingExtensions.ClockKey)] TimeProvider clock,
    ILogger<WakeSweepGrain> logger) : Grain, IWakeSweepGrain, IRemindable
{
    private const string ReminderName = "ow-wake-sweep";
    private const int PageSize = 1000;
    private const int MaxPagesPerSweep = 20;
    private IGrainTimer? _timer;
    private DueWakeUp? _cursor;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var interval = SweepInterval(options.Value.RecoveryInterval);
        _timer = this.RegisterGrainTimer(
            async () => await SweepSafelyAsync(),
            new GrainTimerCreationOptions { DueTime = interval, Period = interval, Interleave = false, KeepAlive = true });
        return Task.CompletedTask;
    }

    public async Task EnsureRunningAsync()
    {
        var period = options.Value.RecoveryInterval;
        await this.RegisterOrUpdateReminder(ReminderName, period, period);
    }

    public Task ReceiveReminder(string reminderName, Orleans.Runtime.TickStatus status) => Task.CompletedTask;

    public async Task<int> SweepAsync()
    {
        // Pages follow each other by (wake-up, id), so every due instance is poked once per sweep; a sweep that stops at
        // its page limit leaves its cursor for the next one, which goes on from there before starting over.
        var poked = 0;
        var now = clock.GetUtcNow().UtcDateTime;
        for (var page = 0; page < MaxPagesPerSweep; page++)
        {
            var due = await store.FindDueWakeUpsAsync(now, _cursor, PageSize);
            foreach (var wake in due)
            {
                _ = EntityId.IsEntityInstanceId(wake.InstanceId)
                    ? GrainReferences.Get<IEntityWake>(GrainFactory, wake.InstanceId).WakeAsync()
                    : GrainReferences.Get<IOrchestrationWake>(GrainFactory, wake.InstanceId).WakeAsync();
            }

            poked += due.Count;
            _cursor = due.Count < PageSize ? null : due[^1];
            if (_cursor is null)
            {
                break;
            }
        }

        if (poked > 0)
        {
            WorkflowMetrics.WakeSweepPokes.Add(poked);
            LogSwept(poked);
        }

        return poked;
    }

    /// <summary>Half the recovery interval, at least 200 ms.</summary>
    internal static TimeSpan SweepInterval(TimeSpan recoveryInterval) =>
        TimeSpan.FromTicks(Math.Max(recoveryInterval.Ticks / 2, TimeSpan.FromMilliseconds(200).Ticks));

    private async Task SweepSafelyAsync()
    {
        try
        {
            await SweepAsync();
        }
        catch (Exception ex)
        {
            // The store may be briefly unreachable; the next tick tries again.
            LogSweepFailed(ex);
        }
    }

    [LoggerMessage(EventId = LogEvents.Recovery.SweepPoked, Level = LogLevel.Debug, Message = "Recovery sweep poked {Count} instances with a due wake-up")]
    private partial void LogSwept(int count);

    [LoggerMessage(EventId = LogEvents.Recovery.SweepFailed, Level = LogLevel.Warning, Message = "Recovery sweep failed; retrying on the next tick")]
    private partial void LogSweepFailed(Exception exception);
}
