using System.Diagnostics;

namespace OrleansWorkflows.Gateway.Api;

/// <summary>Polls an instance until it finishes or a timeout passes (the <c>timeout</c>/<c>pollingInterval</c> of a start).</summary>
internal static class CompletionWaiter
{
    public static readonly TimeSpan DefaultPollingInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MinPollingInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromHours(1);

    /// <summary>Converts the query's seconds; <c>null</c> when no wait was asked for.</summary>
    public static TimeSpan? Timeout(double? seconds) => ToSpan(seconds);

    /// <summary>Converts the query's seconds; the default when absent or not positive.</summary>
    public static TimeSpan PollingInterval(double? seconds) => ToSpan(seconds) switch
    {
        null => DefaultPollingInterval,
        var interval when interval < MinPollingInterval => MinPollingInterval,
        var interval => interval.Value,
    };

    /// <summary>The final status when the instance finished within <paramref name="timeout"/>, else <c>null</c>.</summary>
    public static async Task<OrchestrationMetadata?> WaitAsync(
        WorkflowClient client, string instanceId, TimeSpan timeout, TimeSpan pollingInterval, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var status = await client.GetStatusAsync(instanceId, cancellationToken: cancellationToken);
            if (status is null || status.IsCompleted)
            {
                return status;
            }

            var remaining = timeout - Stopwatch.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
            {
                return null;
            }

            await Task.Delay(remaining < pollingInterval ? remaining : pollingInterval, cancellationToken);
        }
    }

    private static TimeSpan? ToSpan(double? seconds) =>
        seconds is { } s && s > 0 && double.IsFinite(s) ? TimeSpan.FromSeconds(Math.Min(s, MaxTimeout.TotalSeconds)) : null;
}
