using Azure.Data.Tables;

namespace OrleansWorkflows.Storage.AzureStorage;

public sealed partial class AzureWorkflowStore
{
    /// <summary>How old an index row that disagrees with its status row must be before the sweep deletes or repairs it
    /// (a younger one may belong to a transaction still on its way).</summary>
    internal static readonly TimeSpan RepairGrace = TimeSpan.FromSeconds(30);

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> FindDueWakeUpsAsync(DateTime dueBy, int max, CancellationToken cancellationToken = default) =>
        [.. (await FindDueWakeUpsAsync(dueBy, null, max, cancellationToken)).Select(w => w.InstanceId)];

    /// <summary>
    /// Reads the due wake rows of every shard after the cursor, merges them in (wake-up, id) order, and checks each against
    /// its instance's status row: a wake row that matches is returned; one that does not (left by a transaction that lost
    /// a race, or by a process that died) is deleted once older than <see cref="RepairGrace"/>, and a due repair row
    /// rebuilds its instance's index rows. Reads on until the page is full or nothing due is left.
    /// </summary>
    /// <inheritdoc />
    public async Task<IReadOnlyList<DueWakeUp>> FindDueWakeUpsAsync(DateTime dueBy, DueWakeUp? after, int max, CancellationToken cancellationToken = default)
    {
        StoreRules.CheckDuePageSize(max);
        await _account.EnsureReadyAsync(cancellationToken);
        var due = new List<DueWakeUp>();
        var cursor = after;
        while (due.Count < max)
        {
            var want = max - due.Count;
            var shards = await Task.WhenAll(AzureKeys.Shards(_account.Options.IndexShards)
                .Select(shard => ReadWakeShardAsync(shard, dueBy, cursor, want, cancellationToken)));
            var candidates = shards.SelectMany(s => s).OrderBy(c => c.WakeUp, StoreRules.DueOrder).Take(want).ToList();
            if (candidates.Count == 0)
            {
                break;
            }

            var checkedRows = await Task.WhenAll(candidates.Select(c => CheckWakeRowAsync(c.WakeUp, c.Row, cancellationToken)));
            due.AddRange(candidates.Where((_, i) => checkedRows[i]).Select(c => c.WakeUp));
            cursor = candidates[^1].WakeUp;
            if (candidates.Count < want)
            {
                break;
            }
        }

        return due;
    }

    private async Task<List<(DueWakeUp WakeUp, TableEntity Row)>> ReadWakeShardAsync(
        string shard, DateTime dueBy, DueWakeUp? after, int want, CancellationToken cancellationToken)
    {
        var from = "w" + AzureKeys.Ticks(after?.WakeAt.Ticks ?? 0);
        var to = "w" + AzureKeys.Ticks(dueBy.Ticks + 1);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {shard} and RowKey ge {from} and RowKey lt {to}");
        var found = new List<(DueWakeUp, TableEntity)>();
        await foreach (var row in _account.Index.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(1000, want + 1), cancellationToken: cancellationToken))
        {
            var wakeUp = new DueWakeUp(row.GetString("Id") ?? string.Empty, StatusRow.Time(row.GetInt64("WakeAt")) ?? default);
            if (found.Count >= want && wakeUp.WakeAt > found[^1].Item1.WakeAt)
            {
                break;
            }

            if (StoreRules.IsAfter(wakeUp, after))
            {
                found.Add((wakeUp, row));
            }
        }

        return found;
    }

    /// <summary>Whether a wake row is the instance's stored wake-up; repairs or deletes it when it is not (see above).</summary>
    private async Task<bool> CheckWakeRowAsync(DueWakeUp wakeUp, TableEntity row, CancellationToken cancellationToken)
    {
        var status = await ReadStatusAsync(wakeUp.InstanceId, cancellationToken);
        var isRepair = row.GetBoolean("Repair") == true;
        if (!isRepair && status?.Record.WakeAt == wakeUp.WakeAt)
        {
            return true;
        }

        if (row.Timestamp is { } written && written > _time.GetUtcNow() - RepairGrace)
        {
            return false;
        }

        var actions = new List<TableTransactionAction>();
        if (isRepair)
        {
            var hash = AzureKeys.Hash(wakeUp.InstanceId);
            var current = status is null ? null : IndexRows.QueryKey(status.Record.CreatedAt, hash);
            foreach (var key in (row.GetString("QueryKeys") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                actions.Add(key == current
                    ? new TableTransactionAction(TableTransactionActionType.UpsertReplace, IndexRows.Query(row.PartitionKey, status!, status!.Stored!))
                    : new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(row.PartitionKey, key), Azure.ETag.All));
            }

            if (status?.Record.WakeAt is { } wakeAt)
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, IndexRows.Wake(row.PartitionKey, wakeUp.InstanceId, hash, wakeAt)));
            }
        }

        actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(row.PartitionKey, row.RowKey), row.ETag));
        await SubmitIndexQuietlyAsync(actions);
        return false;
    }
}
