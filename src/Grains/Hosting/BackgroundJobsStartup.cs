using Microsoft.Extensions.Logging;
using OrleansWorkflows.Engine;

namespace OrleansWorkflows.Hosting;

/// <summary>
/// Schedules the cluster's background jobs once the silo is active: the retention job, the request-id window and the
/// recovery sweep over the store's wake index (every silo asks; each job is one grain, so this is idempotent). It does not hold up
/// the silo's start: scheduling runs in the background and is retried.
/// </summary>
internal sealed partial class BackgroundJobsStartup(IGrainFactory grains, ILogger<BackgroundJobsStartup> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        lifecycle.Subscribe(nameof(BackgroundJobsStartup), ServiceLifecycleStage.Active, cancellationToken =>
        {
            _ = ScheduleAsync("retention", () => grains.GetGrain<IRetentionGrain>(0).EnsureScheduledAsync());
            _ = ScheduleAsync("request-id window", () => grains.GetGrain<IRequestWindowGrain>(0).EnsureScheduledAsync());
            _ = ScheduleAsync("recovery sweep", () => grains.GetGrain<IWakeSweepGrain>(0).EnsureRunningAsync());

            return Task.CompletedTask;
        });
    }

    private async Task ScheduleAsync(string job, Func<Task> schedule)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await schedule();
                return;
            }
            catch (Exception ex) when (attempt < 5)
            {
                LogRetry(ex, job, attempt);
                await Task.Delay(TimeSpan.FromSeconds(attempt));
            }
            catch (Exception ex)
            {
                // Another silo's start schedules it; not worth failing a silo for.
                LogNotScheduled(ex, job);
                return;
            }
        }
    }

    [LoggerMessage(EventId = LogEvents.BackgroundJobs.JobSchedulingRetrying, Level = LogLevel.Debug, Message = "Scheduling the {Job} job failed (attempt {Attempt}); retrying")]
    private partial void LogRetry(Exception exception, string job, int attempt);

    [LoggerMessage(EventId = LogEvents.BackgroundJobs.JobNotScheduled, Level = LogLevel.Warning, Message = "The {Job} job could not be scheduled on this silo start")]
    private partial void LogNotScheduled(Exception exception, string job);
}
