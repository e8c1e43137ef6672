using Microsoft.Data.Sqlite;

namespace OrleansWorkflows.Storage.Sqlite;

/// <summary>
/// The one writer of a SQLite database in this process: a <see cref="GroupCommitQueue{TEntry}"/> on a thread of its own
/// takes every queued write (up to a limit) and this commits them in one transaction, so one log sync covers many
/// episodes (group commit). Each write runs in its own savepoint: a write that throws (a version conflict) is rolled
/// back alone and fails alone; the others commit. Callers learn their result only after the transaction is durable.
/// </summary>
internal sealed class SqliteWriter : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly GroupCommitQueue<GroupCommitEntry> _queue;
    private int _disposed;

    public SqliteWriter(SqliteConnection connection, int maxBatch)
    {
        _connection = connection;
        _queue = new GroupCommitQueue<GroupCommitEntry>(new GroupCommitOptions { MaxBatch = maxBatch, Name = "SQLite workflow database" }, Commit);
    }

    /// <summary>The number of transactions committed (for tests and diagnostics).</summary>
    public long Transactions => _queue.Batches;

    /// <summary>Queues <paramref name="work"/> to run inside the next transaction; completes when that commits.</summary>
    public Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, T> work)
    {
        var write = new Write<T>(work);
        _queue.Enqueue(write);
        return write.Task;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _queue.Dispose();
        _connection.Dispose();
    }

    /// <summary>Writes one batch in one transaction, each write in a savepoint; throws when the transaction did not commit.</summary>
    private void Commit(IReadOnlyList<GroupCommitEntry> batch)
    {
        using var transaction = _connection.BeginTransaction(deferred: false);
        foreach (var write in batch)
        {
            SqliteDatabase.Execute(_connection, "SAVEPOINT w;", transaction);
            try
            {
                ((IWrite)write).Run(_connection, transaction);
                SqliteDatabase.Execute(_connection, "RELEASE w;", transaction);
            }
            catch (Exception ex)
            {
                write.Failure = ex;
                SqliteDatabase.Execute(_connection, "ROLLBACK TO w; RELEASE w;", transaction);
            }
        }

        transaction.Commit();
    }

    /// <summary>A queued write: runs inside the transaction, in its savepoint.</summary>
    private interface IWrite
    {
        void Run(SqliteConnection connection, SqliteTransaction transaction);
    }

    private sealed class Write<T>(Func<SqliteConnection, SqliteTransaction, T> work) : GroupCommitEntry<T>, IWrite
    {
        public void Run(SqliteConnection connection, SqliteTransaction transaction) => Result = work(connection, transaction);

        /// <summary>The transaction did not commit: a write that failed in its savepoint keeps its own failure.</summary>
        public override void Fail(Exception exception) => base.Fail(Failure ?? exception);
    }
}
