using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansWorkflows.Hosting;

namespace OrleansWorkflows.Engine;

/// <summary>The cluster's retention job (one grain, key 0): purges finished instances older than the retention period.</summary>
[Alias("ow.IRetentionGrain")]
internal interface IRetentionGrain : IGrainWithIntegerKey
{
    /// <summary>Registers (or removes) the periodic reminder according to the options; idempotent.</summary>
    [Alias("EnsureScheduledAsync")]
    Task EnsureScheduledAsync();

    /// <summary>Purges finished instances created at or before <paramref name="cutoff"/>; returns how many.</summary>
    /// <param name="cutoff">The newest creation time to purge (UTC).</param>
    [Alias("PurgeOlderThanAsync")]
    Task<int> PurgeOlderThanAsync(DateTime cutoff);
}

[GrainType("retention")]
internal sealed partial class RetentionGrain(
    IOptions<WorkflowEngineOptions> options,
    [FromKeyedServices(WorkflowHostingExtensions.ClockKey)] TimeProvider clock,
    ILogger<RetentionGrain> logger) : Grain, IRetentionGrain, IRemindable
{
    private const string ReminderName = "ow-retention";
    private static readonly TimeSpan RetryBudget = TimeSpan.FromSeconds(2);

    public async Task EnsureScheduledAsync()
    {
        if (options.Value.RetentionPeriod is null)
        {
            if (await this.GetReminder(ReminderName) is { } stale)
            {
                await this.UnregisterReminder(stale);
            }

            return;
        }

        var interval = options.Value.RetentionCheckInterval;
        await this.RegisterOrUpdateReminder(ReminderName, interval, interval);
    }

    public async Task ReceiveReminder(string reminderName, Orleans.Runtime.TickStatus status)
    {
        if (reminderName == ReminderName && options.Value.RetentionPeriod is { } period)
        {
            await PurgeOlderThanAsync(clock.GetUtcNow().UtcDateTime - period);
        }
    }

    public async Task<int> PurgeOlderThanAsync(DateTime cutoff)
    {
        // An instance still delivering its messages is not waited for: the next run purges it.
        var client = new WorkflowClient(GrainFactory).WithTransientRetryBudget(RetryBudget);
        var deleted = await client.PurgeInstancesAsync(new PurgeFilter(DateTime.MinValue, cutoff));
        LogPurged(deleted, cutoff);
        return deleted;
    }

    [LoggerMessage(EventId = LogEvents.BackgroundJobs.RetentionPurged, Level = LogLevel.Information, Message = "Retention purged {Count} finished instances created before {Cutoff:O}")]
    private partial void LogPurged(int count, DateTime cutoff);
}
