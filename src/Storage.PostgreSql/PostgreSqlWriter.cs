using System.Threading.Channels;
using Npgsql;

namespace OrleansWorkflows.Storage.PostgreSql;

/// <summary>
/// Group commit for PostgreSQL: episode commits and inbox appends are queued, and each of
/// <see cref="PostgreSqlStoreOptions.WriterConcurrency"/> writer loops takes every write waiting (up to
/// <see cref="PostgreSqlStoreOptions.MaxWritesPerBatch"/>) and applies them in one transaction
/// (<see cref="PostgreSqlWriteBatch"/>): one lock round trip, one batch, one commit, so one WAL flush covers many
/// episodes. Each write keeps its own conditions: a version conflict fails only that write. When a batch fails as a
/// whole (a constraint violation from a racing writer, a dropped connection), its writes are retried one per
/// transaction so that a failure stays with the write that caused it. Callers are answered after the commit.
/// </summary>
internal sealed class PostgreSqlWriter : IAsyncDisposable
{
    private readonly PostgreSqlDatabase _database;
    private readonly int _maxBatch;
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = false });
    private readonly Task[] _loops;
    private long _transactions;

    public PostgreSqlWriter(PostgreSqlDatabase database, int concurrency, int maxBatch)
    {
        _database = database;
        _maxBatch = maxBatch;
        _loops = [.. Enumerable.Range(0, concurrency).Select(_ => Task.Run(RunAsync))];
    }

    /// <summary>The number of transactions committed (for tests and diagnostics).</summary>
    public long Transactions => Interlocked.Read(ref _transactions);

    /// <summary>Queues <paramref name="write"/>; its task completes when the transaction holding it committed.</summary>
    public void Enqueue(PendingWrite write)
    {
        if (!_queue.Writer.TryWrite(write))
        {
            throw new ObjectDisposedException(nameof(PostgreSqlWorkflowStore), "The PostgreSQL workflow store is closed.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_loops);
    }

    private async Task RunAsync()
    {
        var batch = new List<PendingWrite>(_maxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < _maxBatch && _queue.Reader.TryRead(out var write))
            {
                batch.Add(write);
            }

            if (batch.Count > 0)
            {
                await ApplyAsync(batch);
                batch.Clear();
            }
        }
    }

    private async Task ApplyAsync(List<PendingWrite> writes)
    {
        try
        {
            await using var connection = await _database.OpenAsync();
            await PostgreSqlWriteBatch.ExecuteAsync(connection, writes);
            Interlocked.Increment(ref _transactions);
            writes.ForEach(w => w.Complete());
        }
        catch (PostgresException) when (writes.Count > 1)
        {
            // The server refused the batch (e.g. a unique violation from a writer racing to create the same instance):
            // nothing of it is stored. Retry each write alone so one bad write cannot fail the others. (Connection
            // failures are not retried here: they would fail every write again.)
            foreach (var write in writes)
            {
                write.Reset();
                await ApplyAsync([write]);
            }
        }
        catch (Exception ex)
        {
            writes.ForEach(w => w.Fail(ex));
        }
    }
}

/// <summary>One queued write: an episode commit or an inbox append, answered when its transaction commits.</summary>
internal abstract class PendingWrite(string instanceId)
{
    public string InstanceId { get; } = instanceId;

    /// <summary>A failure decided inside the transaction, delivered by <see cref="Complete"/> after the commit.</summary>
    public Exception? Failure { get; set; }

    /// <summary>Answers the caller with the outcome decided in the committed transaction.</summary>
    public abstract void Complete();

    /// <summary>Answers the caller with <paramref name="exception"/>: the transaction did not commit.</summary>
    public abstract void Fail(Exception exception);

    /// <summary>Forgets an outcome decided in a transaction that did not commit.</summary>
    public abstract void Reset();
}

/// <summary>A queued write whose caller waits for a <typeparamref name="T"/>.</summary>
internal abstract class PendingWrite<T>(string instanceId) : PendingWrite(instanceId)
{
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The outcome decided inside the transaction.</summary>
    public T? Result { get; set; }

    public Task<T> Task => _completion.Task;

    public override void Complete()
    {
        if (Failure is null)
        {
            _completion.TrySetResult(Result!);
        }
        else
        {
            _completion.TrySetException(Failure);
        }
    }

    public override void Fail(Exception exception) => _completion.TrySetException(exception);

    public override void Reset() => (Failure, Result) = (null, default);
}

/// <summary>A queued <see cref="IWorkflowStore.CommitAsync"/>; its result is the new version.</summary>
internal sealed class PendingCommit(InstanceCommit commit) : PendingWrite<long>(commit.Record.InstanceId)
{
    public InstanceCommit Commit { get; } = commit;

    public override void Fail(Exception exception) =>
        base.Fail(exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } && Commit.ExpectedVersion == 0
            ? new ConcurrencyException($"Instance '{InstanceId}' was created by another writer.", exception)
            : exception);
}

/// <summary>A queued <see cref="IWorkflowStore.AppendInboxAsync"/>.</summary>
internal sealed class PendingAppend(string instanceId, string messageJson, string? sender, long sequence) : PendingWrite<InboxAppend>(instanceId)
{
    public string MessageJson { get; } = messageJson;

    public string? Sender { get; } = sender;

    public long Sequence { get; } = sequence;

    /// <summary>The client request id of an <see cref="IWorkflowStore.AppendRequestAsync"/>, else <c>null</c>.</summary>
    public string? RequestId { get; init; }

    public DateTime ReceivedAt { get; init; }
}
