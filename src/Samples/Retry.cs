namespace OrleansWorkflows.Samples;

/// <summary>
/// Automatic retries: calls <see cref="Flaky"/> (which fails its first two attempts) with a retry policy of up to
/// five attempts, 500 ms apart, and returns the attempt that succeeded (3).
/// </summary>
public sealed class Retry : TaskOrchestrator<object?, int>
{
    private static readonly TaskOptions RetryOptions =
        TaskOptions.FromRetryPolicy(new RetryPolicy(maxNumberOfAttempts: 5, firstRetryInterval: TimeSpan.FromMilliseconds(500)));

    /// <inheritdoc />
    public override Task<int> RunAsync(OrchestrationContext context, object? input)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.CallActivityAsync<int>(nameof(Flaky), options: RetryOptions);
    }
}
