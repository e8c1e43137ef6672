using Azure.Data.Tables;

namespace OrleansWorkflows.Storage.AzureStorage;

/// <summary>
/// The index rows a round writes around its transaction, all in the instance's shard partition. Only what a crash right
/// after the transaction must find is written <see cref="Before"/> (and awaited); the rest is written
/// <see cref="After"/>, without waiting (<see cref="IndexWriter"/>). The sweep rebuilds an instance's index from its status
/// row when a due wake or repair row disagrees with it, so:
/// <list type="bullet">
/// <item>a new wake-up goes before only when it is earlier than the old one (or there was none); otherwise the old wake row,
/// which is due no later, is the trigger that finds the new wake-up after a crash;</item>
/// <item>a repair row goes before only when the query row changes and no old wake row will trigger the rebuild within
/// <see cref="AzureStorageOptions.IndexRepairDelay"/> (the old wake-up is kept, is later than that, or the query row's key
/// changes), and for every purge;</item>
/// <item>the request rows of the client request ids the transaction remembers go before (pruning finds every one).</item>
/// </list>
/// An episode that moves its wake-up on (an activity's recovery interval) therefore writes nothing before its transaction:
/// one request on the hot path.
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
        var wakeFirst = newWake is { } w && (oldWake is not { } o || w < o);
        var oldWakeTriggers = oldWake is { } old && old != newWake && old <= now + options.IndexRepairDelay;
        var repair = queryChanges && (status is null || oldQuery is null || oldQuery != newQuery || !oldWakeTriggers)
            ? IndexRows.Repair(shard, id, hash, now + options.IndexRepairDelay, new[] { oldQuery, newQuery }.OfType<string>())
            : null;

        if (newWake is { } wake && wake != oldWake)
        {
            (wakeFirst ? change.Before : change.After).Add(Upsert(IndexRows.Wake(shard, id, hash, wake)));
        }

        if (repair is not null)
        {
            change.Before.Add(Upsert(repair));
        }

        foreach (var request in round.Rows.Select(a => (TableEntity)a.Entity).Where(e => e.RowKey.StartsWith('r')))
        {
            change.Before.Add(Upsert(IndexRows.Request(shard, id, hash, request)));
        }

        if (queryChanges)
        {
            if (status is not null)
            {
                change.After.Add(Upsert(IndexRows.Query(shard, round.After, status)));
            }

            if (oldQuery is not null && oldQuery != newQuery)
            {
                change.After.Add(Delete(shard, oldQuery));
            }
        }

        if (oldWake is { } previous && previous != newWake)
        {
            change.After.Add(Delete(shard, IndexRows.WakeKey(previous, hash)));
        }

        if (repair is not null)
        {
            change.After.Add(Delete(shard, repair.RowKey));
        }

        return change;
    }

    private static TableTransactionAction Upsert(TableEntity row) => new(TableTransactionActionType.UpsertReplace, row);

    private static TableTransactionAction Delete(string shard, string rowKey) =>
        new(TableTransactionActionType.Delete, new TableEntity(shard, rowKey), Azure.ETag.All);
}
