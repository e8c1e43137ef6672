using System.Collections.Concurrent;
using Azure.Data.Tables;

namespace OrleansWorkflows.Storage.AzureStorage;

/// <summary>
/// Group commit of the index table, one FIFO lane per shard partition: the index changes of every instance of a shard
/// that wait together go in one entity-group transaction (up to 100 rows and about 3.5 MB), so index writes cost about one
/// request per shard and burst, not one per commit. A lane holding only changes nobody waits for lingers
/// <see cref="Linger"/> before it writes, so the changes of consecutive episodes (one instance's, or many instances') share a
/// transaction; a change that is waited for, a query or a sweep (<see cref="FlushAsync"/>) ends the linger at once.
/// Changes of one lane land in the order they were queued, so an instance's later index change is never overwritten by an
/// earlier one of this process: merged into one transaction, a later change of a row replaces an earlier one, and a wake
/// row that the transaction both creates and deletes (a wake-up moved on twice) is not written at all. A transaction that
/// fails (a delete whose row is already gone fails it all) is applied again change by change, in order.
/// </summary>
/// <param name="table">The index table.</param>
internal sealed class IndexWriter(TableClient table)
{
    /// <summary>How long a lane holding only changes nobody waits for gathers more before it writes.</summary>
    public static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(20);

    private readonly ConcurrentDictionary<string, Lane> _lanes = new(StringComparer.Ordinal);
    private long _transactions;

    /// <summary>The index transactions this writer submitted (tests and diagnostics).</summary>
    public long Transactions => Interlocked.Read(ref _transactions);

    /// <summary>Writes <paramref name="actions"/> (rows of partition <paramref name="shard"/>); completes once they are stored, fails when they could not be.</summary>
    public Task WriteAsync(string shard, IReadOnlyList<TableTransactionAction> actions) =>
        actions.Count == 0 ? Task.CompletedTask : Enqueue(shard, actions, quiet: false);

    /// <summary>Queues <paramref name="actions"/> without waiting for them; a failure is left to the index repair.</summary>
    public void Post(string shard, IReadOnlyList<TableTransactionAction> actions)
    {
        if (actions.Count > 0)
        {
            _ = Enqueue(shard, actions, quiet: true);
        }
    }

    /// <summary>Completes once every change queued before the call has landed or failed (ending the lanes' linger).</summary>
    public Task FlushAsync()
    {
        var last = new List<Task>();
        foreach (var lane in _lanes.Values)
        {
            lock (lane)
            {
                if (!lane.Last.IsCompleted)
                {
                    last.Add(lane.Last);
                    lane.FlushItem = lane.LastItem;
                    lane.EndLinger();
                }
            }
        }

        return last.Count == 0 ? Task.CompletedTask : Task.WhenAny(Task.WhenAll(last));
    }

    /// <summary>
    /// The merged rows of <paramref name="actions"/> (in queue order): the last action on a row wins, and a wake row
    /// (<c>w…</c>, its key is its wake-up time, so it is new when first upserted) that the actions upsert first and delete
    /// last is left out. Deleting it would fail the transaction when it was never stored, and it is not stored before.
    /// </summary>
    internal static List<TableTransactionAction> Merge(IEnumerable<TableTransactionAction> actions)
    {
        var merged = new Dictionary<string, TableTransactionAction>(StringComparer.Ordinal);
        var createdHere = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var action in actions)
        {
            var key = action.Entity.RowKey;
            if (seen.Add(key) && action.ActionType != TableTransactionActionType.Delete && key.StartsWith('w'))
            {
                createdHere.Add(key);
            }

            if (action.ActionType == TableTransactionActionType.Delete && createdHere.Contains(key))
            {
                merged.Remove(key);
            }
            else
            {
                merged[key] = action;
            }
        }

        return [.. merged.Values];
    }

    private Task Enqueue(string shard, IReadOnlyList<TableTransactionAction> actions, bool quiet)
    {
        var item = new Item(actions, quiet);
        var lane = _lanes.GetOrAdd(shard, _ => new Lane());
        lock (lane)
        {
            lane.Pending.Enqueue(item);
            lane.Last = item.Done.Task;
            lane.LastItem = item;
            if (!quiet)
            {
                lane.EndLinger();
            }

            if (!lane.Draining)
            {
                lane.Draining = true;
                _ = Task.Run(() => DrainAsync(lane));
            }
        }

        return item.Done.Task;
    }

    private async Task DrainAsync(Lane lane)
    {
        while (true)
        {
            Task? linger;
            lock (lane)
            {
                if (lane.Pending.Count == 0)
                {
                    lane.Draining = false;
                    lane.ResetLinger();
                    return;
                }

                linger = lane.LingerEnded.IsCompleted ? null : lane.LingerEnded;
            }

            if (linger is not null)
            {
                await Task.WhenAny(linger, Task.Delay(Linger));
            }

            List<Item> batch;
            lock (lane)
            {
                batch = Take(lane.Pending);
                lane.LingerAgainUnlessAwaited();
            }

            await SubmitAsync(batch);
        }
    }

    /// <summary>The items at the head of the queue whose rows fit in one transaction (at least one item).</summary>
    private static List<Item> Take(Queue<Item> pending)
    {
        var batch = new List<Item>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var bytes = 0L;
        while (pending.TryPeek(out var next))
        {
            var newKeys = next.Actions.Select(a => a.Entity.RowKey).Where(k => !keys.Contains(k)).Distinct(StringComparer.Ordinal).Count();
            var nextBytes = next.Actions.Sum(a => AzureLimits.EntityWireBytes((TableEntity)a.Entity));
            if (batch.Count > 0 && (keys.Count + newKeys > AzureLimits.MaxBatchOperations || bytes + nextBytes > AzureLimits.MaxBatchBytes))
            {
                break;
            }

            batch.Add(pending.Dequeue());
            keys.UnionWith(next.Actions.Select(a => a.Entity.RowKey));
            bytes += nextBytes;
        }

        return batch;
    }

    private async Task SubmitAsync(List<Item> batch)
    {
        var merged = Merge(batch.SelectMany(i => i.Actions));
        if (merged.Count == 0)
        {
            batch.ForEach(i => i.Done.TrySetResult());
            return;
        }

        if (merged.Count <= AzureLimits.MaxBatchOperations)
        {
            try
            {
                await table.SubmitTransactionAsync(merged);
                Interlocked.Increment(ref _transactions);
                batch.ForEach(i => i.Done.TrySetResult());
                return;
            }
            catch (Exception)
            {
                // Applied again item by item below (a delete of a row already gone fails the whole transaction).
            }
        }

        foreach (var item in batch)
        {
            try
            {
                await AzureWorkflowStore.SubmitAsync(table, [.. item.Actions]);
                item.Done.TrySetResult();
            }
            catch (Exception ex)
            {
                item.Fail(ex);
            }
        }
    }

    /// <summary>Rows of one change; a quiet one (not awaited) completes even when it fails.</summary>
    private sealed class Item(IReadOnlyList<TableTransactionAction> actions, bool quiet)
    {
        public IReadOnlyList<TableTransactionAction> Actions { get; } = actions;

        public bool Quiet { get; } = quiet;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Fail(Exception ex)
        {
            if (Quiet)
            {
                Done.TrySetResult();
            }
            else
            {
                Done.TrySetException(ex);
            }
        }
    }

    private sealed class Lane
    {
        private TaskCompletionSource _lingerEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Queue<Item> Pending { get; } = new();

        public Task Last { get; set; } = Task.CompletedTask;

        public bool Draining { get; set; }

        /// <summary>The item queued last.</summary>
        public Item? LastItem { get; set; }

        /// <summary>The last item a flush waits for, until it is taken.</summary>
        public Item? FlushItem { get; set; }

        /// <summary>Completes when the lane is to write what it holds without lingering.</summary>
        public Task LingerEnded => _lingerEnded.Task;

        /// <summary>Writes what the lane holds at once (a change someone waits for, a flush).</summary>
        public void EndLinger() => _lingerEnded.TrySetResult();

        /// <summary>After a batch was taken: the next one lingers again, unless a change someone waits for, or one a flush
        /// waits for, is still queued.</summary>
        public void LingerAgainUnlessAwaited()
        {
            if (FlushItem is { } flushed && Pending.Contains(flushed))
            {
                return;
            }

            FlushItem = null;
            if (!Pending.Any(i => !i.Quiet))
            {
                ResetLinger();
            }
        }

        /// <summary>The lane is idle: the next change lingers again.</summary>
        public void ResetLinger()
        {
            if (_lingerEnded.Task.IsCompleted)
            {
                _lingerEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }
}
