using System.Collections.Concurrent;
using Azure.Data.Tables;

namespace OrleansWorkflows.Storage.AzureStorage;

/// <summary>
/// Group commit of the index table, one FIFO lane per shard partition: the index changes of every instance of a shard
/// that wait together go in one entity-group transaction (up to 100 rows and about 3.5 MB; a later change of a row
/// replaces an earlier one in the same transaction), so index writes cost about one request per shard and burst, not one
/// per commit. Changes of one lane land in the order they were queued, so an instance's later index change is never
/// overwritten by an earlier one of this process. A transaction that fails (a delete whose row is already gone fails it
/// all) is applied again change by change, in order.
/// </summary>
/// <param name="table">The index table.</param>
internal sealed class IndexWriter(TableClient table)
{
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

    /// <summary>Completes once every change queued before the call has landed or failed.</summary>
    public Task FlushAsync()
    {
        var last = _lanes.Values.Select(l => l.Last).Where(t => !t.IsCompleted).ToArray();
        return last.Length == 0 ? Task.CompletedTask : Task.WhenAny(Task.WhenAll(last));
    }

    private Task Enqueue(string shard, IReadOnlyList<TableTransactionAction> actions, bool quiet)
    {
        var item = new Item(actions, quiet);
        var lane = _lanes.GetOrAdd(shard, _ => new Lane());
        lock (lane)
        {
            lane.Pending.Enqueue(item);
            lane.Last = item.Done.Task;
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
            List<Item> batch;
            lock (lane)
            {
                if (lane.Pending.Count == 0)
                {
                    lane.Draining = false;
                    return;
                }

                batch = Take(lane.Pending);
            }

            await SubmitAsync(batch);
        }
    }

    /// <summary>
    /// The items at the head of the queue whose rows fit in one transaction (at least one item). An item that deletes a row
    /// an earlier item of the batch upserts starts the next batch: merged, the delete could find no row and fail it all.
    /// </summary>
    private static List<Item> Take(Queue<Item> pending)
    {
        var batch = new List<Item>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var upserted = new HashSet<string>(StringComparer.Ordinal);
        var bytes = 0L;
        while (pending.TryPeek(out var next))
        {
            var newKeys = next.Actions.Select(a => a.Entity.RowKey).Where(k => !keys.Contains(k)).Distinct(StringComparer.Ordinal).Count();
            var nextBytes = next.Actions.Sum(a => AzureLimits.EntityWireBytes((TableEntity)a.Entity));
            if (batch.Count > 0
                && (keys.Count + newKeys > AzureLimits.MaxBatchOperations || bytes + nextBytes > AzureLimits.MaxBatchBytes
                    || next.Actions.Any(a => a.ActionType == TableTransactionActionType.Delete && upserted.Contains(a.Entity.RowKey))))
            {
                break;
            }

            batch.Add(pending.Dequeue());
            keys.UnionWith(next.Actions.Select(a => a.Entity.RowKey));
            upserted.UnionWith(next.Actions.Where(a => a.ActionType != TableTransactionActionType.Delete).Select(a => a.Entity.RowKey));
            bytes += nextBytes;
        }

        return batch;
    }

    private async Task SubmitAsync(List<Item> batch)
    {
        var merged = new Dictionary<string, TableTransactionAction>(StringComparer.Ordinal);
        foreach (var action in batch.SelectMany(i => i.Actions))
        {
            merged[action.Entity.RowKey] = action;
        }

        if (merged.Count <= AzureLimits.MaxBatchOperations)
        {
            try
            {
                await table.SubmitTransactionAsync(merged.Values);
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

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Fail(Exception ex)
        {
            if (quiet)
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
        public Queue<Item> Pending { get; } = new();

        public Task Last { get; set; } = Task.CompletedTask;

        public bool Draining { get; set; }
    }
}
