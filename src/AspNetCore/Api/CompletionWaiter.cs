namespace OrleansWorkflows.Gateway.Api;

/// <summary>
/// The <c>timeout</c> of a start: waits until the instance finishes or the timeout passes. The wait is event-driven
/// (<see cref="WorkflowClient.WaitForCompletionAsync(string, TimeSpan, CancellationToken)"/>: the instance answers the
/// moment it finishes), so Durable Functions' <c>pollingInterval</c> is accepted and not needed.
/// </summary>
internal static class CompletionWaiter
{
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromHours(1);

    /// <summary>Converts the query's seconds; <c>null</c> when no wait was asked for.</summary>
    public static TimeSpan? Timeout(double? seconds) =>
        seconds is { } s && s > 0 && double.IsFinite(s) ? TimeSpan.FromSeconds(Math.Min(s, MaxTimeout.TotalSeconds)) : null;

    /// <summary>The final status when the instance finished within <paramref name="timeout"/>, else <c>null</c>.</summary>
    public static async Task<OrchestrationMetadata?> WaitAsync(WorkflowClient client, string instanceId, TimeSpan timeout, CancellationToken cancellationToken) =>
        await client.WaitForCompletionAsync(instanceId, timeout, cancellationToken) is { IsCompleted: true } finished ? finished : null;
}
