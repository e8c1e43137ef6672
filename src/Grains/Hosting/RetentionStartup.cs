using Microsoft.Extensions.Logging;
using OrleansWorkflows.Engine;

namespace OrleansWorkflows.Hosting;

/// <summary>
/// Schedules the retention job once the silo is active (every silo asks; the single grain makes it idempotent). It
/// does not hold up the silo's start: scheduling runs in the background.
/// </summary>
internal sealed partial class RetentionStartup(IGrainFactory grains, ILogger<RetentionStartup> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        lifecycle.Subscribe(nameof(RetentionStartup), ServiceLifecycleStage.Active, cancellationToken =>
        {
            _ = ScheduleAsync();
            return Task.CompletedTask;
        });
    }

    private async Task ScheduleAsync()
    {
        try
        {
            await grains.GetGrain<IRetentionGrain>(0).EnsureScheduledAsync();
        }
        catch (Exception ex)
        {
            // The next silo start schedules it; retention is not worth failing a silo for.
            LogNotScheduled(ex);
        }
    }

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "The retention job could not be scheduled on this silo start")]
    private partial void LogNotScheduled(Exception exception);
}
