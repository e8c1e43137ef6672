using Azure.Data.Tables;

namespace OrleansWorkflows.Storage.AzureStorage;

/// <summary>
/// The index rows a round writes around its transaction, all in the instance's shard partition. Before: the new wake row
/// (so a wake-up is never lost: a wake row without its commit only pokes the instance once) and, when the record changes,
/// a repair row. After: the query row, the removal of the old query and wake rows, and of the repair row.
/// </summary>
internal sealed record IndexChange(string Shard, List<TableTransactionAction> Before, List<TableTransactionAction> After)
{
    /// <summary>The index change of <paramref name="round"/>; <paramref name="status"/> is the status row written, or <c>null</c> for a purge.</summary>
    public static IndexChange Of(Round round, TableEntity? status, AzureStorageOptions options, DateTime now)
    {
        var id = round.InstanceId;
        var hash = round.After.InstanceHash;
        var shard = AzureKeys.Shard(hash, options.IndexShards);
        var change = new IndexChange(shard, [], []);
        var oldWake = round.Before?.Record.WakeAt;
        var newWake = status is null ? null : round.After.Record.WakeAt;
        var oldQuery = round.Before is { } before ? IndexRows.QueryKey(before.Record.CreatedAt, hash) : null;
        var newQuery = status is not null ? IndexRows.QueryKey(round.After.Record.CreatedAt, hash) : null;
        var queryChanges = status is null || round.IndexChanged;

        if (newWake is { } wake && wake != oldWake)
        {
            change.Before.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, IndexRows.Wake(shard, id, hash, wake)));
        }

        if (queryChanges)
        {
            var repair = IndexRows.Repair(shard, id, hash, now + options.IndexRepairDelay, new[] { oldQuery, newQuery }.OfType<string>());
            change.Before.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, repair));
            if (status is not null)
            {
                change.After.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, IndexRows.Query(shard, round.After, status)));
            }

            if (oldQuery is not null && oldQuery != newQuery)
            {
                change.After.Add(Delete(shard, oldQuery));
            }
        }

        if (oldWake is { } old && old != newWake)
        {
            change.After.Add(Delete(shard, IndexRows.WakeKey(old, hash)));
        }

        if (queryChanges)
        {
            change.After.Add(Delete(shard, change.Before[^1].Entity.RowKey));
        }

        return change;
    }

    private static TableTransactionAction Delete(string shard, string rowKey) =>
        new(TableTransactionActionType.Delete, new TableEntity(shard, rowKey), Azure.ETag.All);
}
