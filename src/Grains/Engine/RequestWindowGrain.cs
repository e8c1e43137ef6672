using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansWorkflows.Hosting;
using OrleansWorkflows.Storage;

namespace OrleansWorkflows.Engine;

/// <summary>The cluster's request-id window job (one grain, key 0).</summary>
[Alias("ow.IRequestWindowGrain")]
internal interface IRequestWindowGrain : IGrainWithIntegerKey
{
    /// <summary>Registers the periodic reminder unless it is registered already; idempotent.</summary>
    [Alias("EnsureScheduledAsync")]
    Task EnsureScheduledAsync();

    /// <summary>Forgets every client request id received before <paramref name="cutoff"/>; returns how many.</summary>
    /// <param name="cutoff">Request ids received earlier than this (UTC) are forgotten.</param>
    [Alias("ForgetOlderThanAsync")]
    Task<int> ForgetOlderThanAsync(DateTime cutoff);
}

/// <summary>
/// Forgets client request ids once they leave the deduplication window
/// (<see cref="WorkflowEngineOptions.RequestIdWindow"/>): the store remembers each event or signal's request id so a
/// retry is applied once (<see cref="IMailboxStore.AppendRequestAsync"/>), and this job keeps that table bounded.
/// Driven by one reminder for the cluster, every quarter window (at least Orleans' minimum reminder period).
/// </summary>
[GrainType("requestwindow")]
internal sealed partial class RequestWindowGrain(
    IWorkflowStore store,
    IOptions<WorkflowEngineOptions> options,
    [FromKeyedServices(WorkflowHostingExtensions.ClockKey)] TimeProvider clock,
    ILogger<RequestWindowGrain> logger) : Grain, IRequestWindowGrain, IRemindable
{
    private const string ReminderName = "ow-request-window";
    private const int PageSize = 10_000;
    private const int MaxPages = 100;

    public async Task EnsureScheduledAsync()
    {
        if (await this.GetReminder(ReminderName) is not null)
        {
            return; // registered by an earlier silo start: re-registering would postpone its next tick
        }

        var period = TimeSpan.FromTicks(Math.Max(options.Value.RequestIdWindow.Ticks / 4, TimeSpan.FromMinutes(1).Ticks));
        await this.RegisterOrUpdateReminder(ReminderName, period, period);
    }

    public async Task ReceiveReminder(string reminderName, Orleans.Runtime.TickStatus status)
    {
        if (reminderName == ReminderName)
        {
            await ForgetOlderThanAsync(clock.GetUtcNow().UtcDateTime - options.Value.RequestIdWindow);
        }
    }

    public async Task<int> ForgetOlderThanAsync(DateTime cutoff)
    {
        var forgotten = 0;
        for (var page = 0; page < MaxPages; page++)
        {
            var pruned = await store.PruneRequestsAsync(cutoff, PageSize);
            forgotten += pruned;
            if (pruned < PageSize)
            {
                break;
            }
        }

        if (forgotten > 0)
        {
            LogForgotten(forgotten, cutoff);
        }

        return forgotten;
    }

    [LoggerMessage(EventId = LogEvents.RequestIds.RequestIdsForgotten, Level = LogLevel.Debug, Message = "Forgot {Count} client request ids received before {Cutoff:O}")]
    private partial void LogForgotten(int count, DateTime cutoff);
}
