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
    /// a race, or by a process that died) and a due repair row rebuild the instance's index rows from its status row once
    /// older than <see cref="RepairGrace"/>, and the instance of such a wake row is still returned when its stored wake-up
    /// is due (each instance once per call). Reads on until the page is full or nothing due is left. This process's own
    /// index changes still on their way are written first.
    /// </summary>
    /// <inheritdoc />
    public async Task<IReadOnlyList<DueWakeUp>> FindDueWakeUpsAsync(DateTime dueBy, DueWakeUp? after, int max, CancellationToken cancellationToken = default)
    {
        StoreRules.CheckDuePageSize(max);
        await _account.EnsureReadyAsync(cancellationToken);
        await _index.FlushAsync();
        CollectOrphanBlobsWhenDue();
        var due = new List<DueWakeUp>();
        var woken = new HashSet<string>(StringComparer.Ordinal);
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

            var checkedRows = await Task.WhenAll(candidates.Select(c => CheckWakeRowAsync(c.WakeUp, c.Row, dueBy, cancellationToken)));
            due.AddRange(candidates.Where((c, i) => checkedRows[i] && woken.Add(c.WakeUp.InstanceId)).Select(c => c.WakeUp));
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

    /// <summary>
    /// Whether the instance of a due wake row is to be woken: the row is its stored wake-up, or a wake row its status row
    /// moved away from (a crash between a commit and its index change, or a write that lost a race) while the stored
    /// wake-up is due too. A row that is not the stored wake-up (that one, or a repair row) rebuilds the instance's query
    /// and wake rows from its status row once older than <see cref="RepairGrace"/>, and is then deleted.
    /// </summary>
    private async Task<bool> CheckWakeRowAsync(DueWakeUp wakeUp, TableEntity row, DateTime dueBy, CancellationToken cancellationToken)
    {
        var status = await ReadStatusAsync(wakeUp.InstanceId, cancellationToken);
        var isRepair = row.GetBoolean("Repair") == true;
        if (!isRepair && status?.Record.WakeAt == wakeUp.WakeAt)
        {
            return true;
        }

        var wake = !isRepair && StoreRules.IsDue(status?.Record.WakeAt, dueBy);
        if (row.Timestamp is { } written && written > _time.GetUtcNow() - RepairGrace)
        {
            return wake;
        }

        var hash = AzureKeys.Hash(wakeUp.InstanceId);
        var current = status is null ? null : IndexRows.QueryKey(status.Record.CreatedAt, hash);
        var queryKeys = (row.GetString("QueryKeys") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        if (current is not null)
        {
            queryKeys.Add(current);
        }

        var actions = new List<TableTransactionAction>();
        foreach (var key in queryKeys)
        {
            actions.Add(key == current
                ? new TableTransactionAction(TableTransactionActionType.UpsertReplace, IndexRows.Query(row.PartitionKey, status!, status!.Stored!))
                : new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(row.PartitionKey, key), Azure.ETag.All));
        }

        if (status?.Record.WakeAt is { } wakeAt)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, IndexRows.Wake(row.PartitionKey, wakeUp.InstanceId, hash, wakeAt)));
        }

        actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(row.PartitionKey, row.RowKey), row.ETag));
        await SubmitIndexQuietlyAsync(actions);
        return wake;
    }
}
