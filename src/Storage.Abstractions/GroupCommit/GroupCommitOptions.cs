namespace OrleansWorkflows.Storage;

/// <summary>How a <see cref="GroupCommitQueue{TEntry}"/> takes and writes its batches.</summary>
public sealed record GroupCommitOptions
{
    /// <summary>The most writes in one batch (one transaction).</summary>
    public required int MaxBatch { get; init; }

    /// <summary>
    /// The number of writer loops taking batches at once (each writes its batch in a transaction of its own). Ignored by a
    /// queue on a dedicated thread, which has one.
    /// </summary>
    public int Concurrency { get; init; } = 1;

    /// <summary>What the queue writes to (e.g. "SQLite workflow database"): names the writer thread and the error once the queue is closed.</summary>
    public required string Name { get; init; }

    /// <summary>
    /// Whether a failed batch of more than one write is retried one write per transaction, so that a failure stays with
    /// the write that caused it (e.g. a constraint violation from a racing writer); <c>null</c> or false: every write
    /// of the failed batch fails with its exception.
    /// </summary>
    public Func<Exception, bool>? RetryAlone { get; init; }
}
