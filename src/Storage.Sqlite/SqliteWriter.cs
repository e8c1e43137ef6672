using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace OrleansWorkflows.Storage.Sqlite;

/// <summary>
/// The one writer of a SQLite database in this process, on a thread of its own: it takes every queued write (up to
/// a limit) and commits them in one transaction, so one log sync covers many episodes (group commit). Each write runs
/// in its own savepoint: a write that throws (a version conflict) is rolled back alone and fails alone; the others
/// commit. Callers learn their result only after the transaction is durable.
/// </summary>
internal sealed class SqliteWriter : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly int _maxBatch;
    private readonly BlockingCollection<IWrite> _queue = [];
    private readonly Thread _thread;
    private int _disposed;

    public SqliteWriter(SqliteConnection connection, int maxBatch)
    {
        _connection = connection;
        _maxBatch = maxBatch;
        _thread = new Thread(Run) { IsBackground = true, Name = "OrleansWorkflows SQLite writer" };
        _thread.Start();
    }

    /// <summary>The number of transactions committed (for tests and diagnostics).</summary>
    public long Transactions { get; private set; }

    /// <summary>Queues <paramref name="work"/> to run inside the next transaction; completes when that commits.</summary>
    public Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, T> work)
    {
        var write = new Write<T>(work);
        try
        {
            _queue.Add(write);
        }
        catch (InvalidOperationException)
        {
            throw new ObjectDisposedException(nameof(SqliteWriter), "The SQLite workflow database is closed.");
        }

        return write.Completion.Task;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _queue.CompleteAdding();
        _thread.Join();
        _queue.Dispose();
        _connection.Dispose();
    }

    private void Run()
    {
        var batch = new List<IWrite>(_maxBatch);
        while (_queue.TryTake(out var first, Timeout.Infinite))
        {
            batch.Add(first);
            while (batch.Count < _maxBatch && _queue.TryTake(out var more))
            {
                batch.Add(more);
            }

            Commit(batch);
            batch.Clear();
        }
    }

    private void Commit(List<IWrite> batch)
    {
        try
        {
            using var transaction = _connection.BeginTransaction(deferred: false);
            foreach (var write in batch)
            {
                SqliteDatabase.Execute(_connection, "SAVEPOINT w;", transaction);
                try
                {
                    write.Run(_connection, transaction);
                    SqliteDatabase.Execute(_connection, "RELEASE w;", transaction);
                }
                catch (Exception ex)
                {
                    write.Failure = ex;
                    SqliteDatabase.Execute(_connection, "ROLLBACK TO w; RELEASE w;", transaction);
                }
            }

            transaction.Commit();
            Transactions++;
        }
        catch (Exception ex)
        {
            // The transaction did not commit: nothing of this batch is stored.
            batch.ForEach(w => w.Failure ??= ex);
            batch.ForEach(w => w.Discard());
        }

        batch.ForEach(w => w.Complete());
    }

    private interface IWrite
    {
        Exception? Failure { get; set; }

        void Run(SqliteConnection connection, SqliteTransaction transaction);

        void Discard();

        void Complete();
    }

    private sealed class Write<T>(Func<SqliteConnection, SqliteTransaction, T> work) : IWrite
    {
        private T? _result;

        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Exception? Failure { get; set; }

        public void Run(SqliteConnection connection, SqliteTransaction transaction) => _result = work(connection, transaction);

        public void Discard() => _result = default;

        public void Complete()
        {
            if (Failure is null)
            {
                Completion.SetResult(_result!);
            }
            else
            {
                Completion.SetException(Failure);
            }
        }
    }
}
