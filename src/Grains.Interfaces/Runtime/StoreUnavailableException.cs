namespace OrleansWorkflows.Runtime;

/// <summary>
/// The workflow store failed on the silo that ran the call (a database down or unreachable, an I/O error). The engine
/// turns its store's own exceptions (Npgsql, SQLite, I/O), which a caller may not be able to deserialize, into this one;
/// nothing was acknowledged, so the call can be retried (<see cref="WorkflowClient"/> retries it within its deadline).
/// </summary>
[GenerateSerializer, Alias("ow.StoreUnavailableException")]
public sealed class StoreUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StoreUnavailableException()
        : base("The workflow store is unavailable; retry the call.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public StoreUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause (kept on this side only: it is not sent to callers).</param>
    public StoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
