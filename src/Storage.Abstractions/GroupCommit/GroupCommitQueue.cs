using System.Collections.Concurrent;
using System.Threading.Channels;

namespace OrleansWorkflows.Storage;

/// <summary>
/// Group commit, once for every durable backend: writes are queued, and each writer loop takes every write waiting (up
/// to <see cref="GroupCommitOptions.MaxBatch"/>, in queue order, never waiting for more) and hands them to the backend's
/// batch writer, which applies them in one transaction — so one log flush covers many episodes. Callers are answered
/// after the batch: <see cref="GroupCommitEntry.Complete"/> for each write when the batch writer returned (the
/// transaction committed), <see cref="GroupCommitEntry.Fail"/> with its exception when it threw (unless
/// <see cref="GroupCommitOptions.RetryAlone"/> asks to try the writes again one per transaction). The loops run as
/// asynchronous tasks (<see cref="GroupCommitOptions.Concurrency"/> of them) for a backend with asynchronous I/O, or
/// as one dedicated thread for a backend whose writes block (SQLite).
/// </summary>
/// <typeparam name="TEntry">The backend's queued write.</typeparam>
public sealed class GroupCommitQueue<TEntry> : IAsyncDisposable, IDisposable
    where TEntry : GroupCommitEntry
{
    private readonly GroupCommitOptions _options;
    private readonly Func<IReadOnlyList<TEntry>, ValueTask> _writeBatch;
    private readonly Channel<TEntry>? _queue;
    private readonly BlockingCollection<TEntry>? _blocking;
    private readonly Task[] _loops = [];
    private readonly Thread? _thread;
    private long _batches;
    private int _disposed;

    /// <summary>A queue whose <see cref="GroupCommitOptions.Concurrency"/> writer loops run asynchronously.</summary>
    /// <param name="options">The batch size, loops and failure handling.</param>
    /// <param name="writeBatch">Writes one batch in one transaction; throws when the transaction did not commit.</param>
    public GroupCommitQueue(GroupCommitOptions options, Func<IReadOnlyList<TEntry>, ValueTask> writeBatch)
    {
        (_options, _writeBatch) = Validated(options, writeBatch);
        _queue = Channel.CreateUnbounded<TEntry>(new UnboundedChannelOptions { SingleReader = false });
        _loops = [.. Enumerable.Range(0, options.Concurrency).Select(_ => Task.Run(RunAsync))];
    }

    /// <summary>A queue with one writer loop on a dedicated thread, for a batch writer that blocks.</summary>
    /// <param name="options">The batch size and failure handling.</param>
    /// <param name="writeBatch">Writes one batch in one transaction; throws when the transaction did not commit.</param>
    public GroupCommitQueue(GroupCommitOptions options, Action<IReadOnlyList<TEntry>> writeBatch)
    {
        ArgumentNullException.ThrowIfNull(writeBatch);
        (_options, _writeBatch) = Validated(options, batch =>
        {
            writeBatch(batch);
            return ValueTask.CompletedTask;
        });

        // The writer thread blocks while the queue is empty: a producer wakes it directly, not via the thread pool.
        _blocking = [];
        _thread = new Thread(RunOnThread) { IsBackground = true, Name = $"OrleansWorkflows {options.Name} writer" };
        _thread.Start();
    }

    /// <summary>The number of batches written (transactions committed), for tests and diagnostics.</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Queues <paramref name="entry"/>; it is answered when the batch holding it was written.</summary>
    /// <param name="entry">The write.</param>
    /// <exception cref="ObjectDisposedException">The queue is closed.</exception>
    public void Enqueue(TEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (_queue is not null ? !_queue.Writer.TryWrite(entry) : !TryAddBlocking(entry))
        {
            throw new ObjectDisposedException(_options.Name, $"The {_options.Name} is closed.");
        }
    }

    /// <summary>Stops taking writes; returns once the writes already queued are written or failed.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _queue?.Writer.TryComplete();
        _blocking?.CompleteAdding();
        _thread?.Join();
        _blocking?.Dispose();
        await Task.WhenAll(_loops);
    }

    /// <summary>Stops taking writes; blocks until the writes already queued are written or failed.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private static (GroupCommitOptions, Func<IReadOnlyList<TEntry>, ValueTask>) Validated(GroupCommitOptions options, Func<IReadOnlyList<TEntry>, ValueTask> writeBatch)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(writeBatch);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Concurrency, 1);
        return (options, writeBatch);
    }

    private async Task RunAsync()
    {
        var batch = new List<TEntry>(_options.MaxBatch);
        while (await _queue!.Reader.WaitToReadAsync())
        {
            // Every write waiting, up to the batch size, without waiting for more.
            while (batch.Count < _options.MaxBatch && _queue.Reader.TryRead(out var entry))
            {
                batch.Add(entry);
            }

            if (batch.Count > 0)
            {
                await WriteAsync(batch);
                batch.Clear();
            }
        }
    }

    private void RunOnThread()
    {
        var batch = new List<TEntry>(_options.MaxBatch);
        while (_blocking!.TryTake(out var first, Timeout.Infinite))
        {
            // The first write waited for; then every write waiting, up to the batch size, without waiting for more.
            batch.Add(first);
            while (batch.Count < _options.MaxBatch && _blocking.TryTake(out var more))
            {
                batch.Add(more);
            }

            // The batch writer is synchronous: the write completes before this returns.
            WriteAsync(batch).GetAwaiter().GetResult();
            batch.Clear();
        }
    }

    private bool TryAddBlocking(TEntry entry)
    {
        try
        {
            _blocking!.Add(entry);
            return true;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ObjectDisposedException)
        {
            return false;
        }
    }

    private async ValueTask WriteAsync(List<TEntry> batch)
    {
        try
        {
            await _writeBatch(batch);
            Interlocked.Increment(ref _batches);
        }
        catch (Exception ex) when (batch.Count > 1 && _options.RetryAlone?.Invoke(ex) == true)
        {
            // Nothing of the batch is stored. Try each write alone so one bad write cannot fail the others.
            foreach (var entry in batch)
            {
                entry.Reset();
                await WriteAsync([entry]);
            }

            return;
        }
        catch (Exception ex)
        {
            batch.ForEach(e => e.Fail(ex));
            return;
        }

        batch.ForEach(e => e.Complete());
    }
}
