namespace OrleansWorkflows;

/// <summary>
/// How an orchestration retries a failed activity or sub-orchestration. The waits between attempts are durable
/// timers, so a retry survives crashes and restarts like any other step. Attempt <c>n</c> (1-based) is followed by
/// a wait of <c>FirstRetryInterval * BackoffCoefficient^(n-1)</c>, capped at <see cref="MaxRetryInterval"/>.
/// </summary>
public sealed class RetryPolicy
{
    /// <summary>Creates a retry policy.</summary>
    /// <param name="maxNumberOfAttempts">Total attempts including the first; at least 1.</param>
    /// <param name="firstRetryInterval">Wait before the second attempt; positive.</param>
    /// <param name="backoffCoefficient">Multiplier applied to the wait after each attempt; at least 1.</param>
    /// <param name="maxRetryInterval">Cap on a single wait; defaults to one hour.</param>
    /// <param name="retryTimeout">Give up when the next attempt would start later than this after the first; infinite by default.</param>
    public RetryPolicy(
        int maxNumberOfAttempts,
        TimeSpan firstRetryInterval,
        double backoffCoefficient = 1.0,
        TimeSpan? maxRetryInterval = null,
        TimeSpan? retryTimeout = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxNumberOfAttempts, 1);
        if (firstRetryInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(firstRetryInterval), firstRetryInterval, "The first retry interval must be positive.");
        }

        if (double.IsNaN(backoffCoefficient) || backoffCoefficient < 1.0)
        {
            throw new ArgumentOutOfRangeException(nameof(backoffCoefficient), backoffCoefficient, "The backoff coefficient must be at least 1.");
        }

        if (maxRetryInterval is { } max && max < firstRetryInterval)
        {
            throw new ArgumentOutOfRangeException(nameof(maxRetryInterval), max, "The maximum retry interval must not be shorter than the first interval.");
        }

        MaxNumberOfAttempts = maxNumberOfAttempts;
        FirstRetryInterval = firstRetryInterval;
        BackoffCoefficient = backoffCoefficient;
        MaxRetryInterval = maxRetryInterval ?? TimeSpan.FromHours(1);
        RetryTimeout = retryTimeout ?? Timeout.InfiniteTimeSpan;
    }

    /// <summary>Total attempts including the first.</summary>
    public int MaxNumberOfAttempts { get; }

    /// <summary>Wait before the second attempt.</summary>
    public TimeSpan FirstRetryInterval { get; }

    /// <summary>Multiplier applied to the wait after each failed attempt.</summary>
    public double BackoffCoefficient { get; }

    /// <summary>Cap on a single wait.</summary>
    public TimeSpan MaxRetryInterval { get; }

    /// <summary>Overall time budget measured from the first attempt; <see cref="Timeout.InfiniteTimeSpan"/> for none.</summary>
    public TimeSpan RetryTimeout { get; }

    /// <summary>
    /// Decides whether a failure is worth another attempt; <c>null</c> retries every failure. It runs inside the
    /// orchestration, so it must be deterministic (look only at the failure details).
    /// </summary>
    public Func<FailureDetails, bool>? Handle { get; init; }

    /// <summary>The wait after failed attempt <paramref name="attempt"/> (1-based).</summary>
    /// <param name="attempt">The attempt that just failed.</param>
    public TimeSpan GetDelay(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var ticks = FirstRetryInterval.Ticks * Math.Pow(BackoffCoefficient, attempt - 1);
        return ticks >= MaxRetryInterval.Ticks ? MaxRetryInterval : TimeSpan.FromTicks((long)ticks);
    }
}

/// <summary>Options for one call to an activity or sub-orchestration.</summary>
/// <param name="Retry">The retry policy, or <c>null</c> for a single attempt.</param>
public sealed record TaskOptions(RetryPolicy? Retry = null)
{
    /// <summary>Options that retry with <paramref name="policy"/>.</summary>
    /// <param name="policy">The retry policy.</param>
    public static TaskOptions FromRetryPolicy(RetryPolicy policy) => new(policy);

    /// <summary>
    /// For a sub-orchestration: the version of the orchestration to start (it must be registered); <c>null</c> (the
    /// default) starts the orchestration's default version (<see cref="WorkflowRegistry.GetDefaultVersion"/>). Not used
    /// for activities.
    /// </summary>
    public string? Version { get; init; }
}
