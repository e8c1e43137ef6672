using Npgsql;

namespace OrleansWorkflows.Storage.PostgreSql;

/// <summary>
/// Group commit for PostgreSQL: episode commits and inbox appends are queued on a <see cref="GroupCommitQueue{TEntry}"/>,
/// and each of <see cref="PostgreSqlStoreOptions.WriterConcurrency"/> writer loops takes every write waiting (up to
/// <see cref="PostgreSqlStoreOptions.MaxWritesPerBatch"/>) and applies them in one transaction
/// (<see cref="PostgreSqlWriteBatch"/>): one lock round trip, one batch, one commit, so one WAL flush covers many
/// episodes. Each write keeps its own conditions: a version conflict fails only that write. When a batch fails as a
/// whole with a server error (a constraint violation from a racing writer), its writes are retried one per transaction
/// so that a failure stays with the write that caused it; a dropped connection fails the batch's writes. Callers are
/// answered after the commit.
/// </summary>
internal sealed class PostgreSqlWriter : IAsyncDisposable
{
    private readonly PostgreSqlDatabase _database;
    private readonly GroupCommitQueue<GroupCommitEntry> _queue;

    public PostgreSqlWriter(PostgreSqlDatabase database, int concurrency, int maxBatch)
    {
        _database = database;
        _queue = new GroupCommitQueue<GroupCommitEntry>(
            new GroupCommitOptions
            {
                MaxBatch = maxBatch,
                Concurrency = concurrency,
                Name = "PostgreSQL workflow store",

                // A server error fails the whole transaction; a connection failure would fail every write again.
                RetryAlone = ex => ex is PostgresException,
            },
            WriteBatchAsync);
    }

    /// <summary>The number of transactions committed (for tests and diagnostics).</summary>
    public long Transactions => _queue.Batches;

    /// <summary>Queues <paramref name="write"/>; its task completes when the transaction holding it committed.</summary>
    public void Enqueue<T>(PendingWrite<T> write) => _queue.Enqueue(write);

    public ValueTask DisposeAsync() => _queue.DisposeAsync();

    private async ValueTask WriteBatchAsync(IReadOnlyList<GroupCommitEntry> writes)
    {
        await using var connection = await _database.OpenAsync();
        await PostgreSqlWriteBatch.ExecuteAsync(connection, [.. writes.Cast<IPendingWrite>()]);
    }
}

/// <summary>One queued write: an episode commit or an inbox append, answered when its transaction commits.</summary>
internal interface IPendingWrite
{
    string InstanceId { get; }
}

/// <summary>A queued write whose caller waits for a <typeparamref name="T"/>.</summary>
internal abstract class PendingWrite<T>(string instanceId) : GroupCommitEntry<T>, IPendingWrite
{
    public string InstanceId { get; } = instanceId;
}

/// <summary>A queued <see cref="IInstanceStore.CommitAsync"/>; its result is the new version.</summary>
internal sealed class PendingCommit(InstanceCommit commit) : PendingWrite<long>(commit.Record.InstanceId)
{
    public InstanceCommit Commit { get; } = commit;

    public override void Fail(Exception exception) =>
        base.Fail(exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } && Commit.ExpectedVersion == 0
            ? new ConcurrencyException($"Instance '{InstanceId}' was created by another writer.", exception)
            : exception);
}

/// <summary>A queued <see cref="IMailboxStore.AppendInboxAsync"/>.</summary>
internal sealed class PendingAppend(string instanceId, string messageJson, string? sender, long sequence) : PendingWrite<InboxAppend>(instanceId)
{
    public string MessageJson { get; } = messageJson;

    public string? Sender { get; } = sender;

    public long Sequence { get; } = sequence;

    /// <summary>The client request id of an <see cref="IMailboxStore.AppendRequestAsync"/>, else <c>null</c>.</summary>
    public string? RequestId { get; init; }

    public DateTime ReceivedAt { get; init; }
}
