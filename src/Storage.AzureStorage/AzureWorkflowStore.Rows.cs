using Azure.Data.Tables;

namespace OrleansWorkflows.Storage.AzureStorage;

public sealed partial class AzureWorkflowStore
{
    /// <summary>The chunk rows a read needs: history events [From, End) of the current execution, the present inbox entries, the present outbox entries.</summary>
    private readonly record struct RowsWanted((long From, long End)? History = null, bool Inbox = false, bool Outbox = false);

    /// <summary>What a read found of an instance's entries.</summary>
    private sealed record Parts(List<string> History, List<InboxEntry> Inbox, List<OutboxEntry> Outbox);

    /// <summary>
    /// The entries <paramref name="wanted"/> of the instance whose status row is <paramref name="status"/>, or <c>null</c>
    /// when the rows do not hold them all (a newer write: the caller reads the status row again). The rows are read by
    /// the keys the status row lists (<see cref="ChunkLists"/>), in parallel; when those do not hold every entry, or for a
    /// kind without a list, by a range query of the partition bounded by the status row.
    /// </summary>
    private async Task<Parts?> ReadPartsAsync(StatusRow status, RowsWanted wanted, CancellationToken cancellationToken)
    {
        var parts = await TryReadPartsAsync(status, wanted, byKey: true, cancellationToken);
        if (parts is null && status.ListsChunks)
        {
            // The listed rows did not hold every entry (a write in between, or a list gone wrong): the ranges, for this row.
            parts = await TryReadPartsAsync(status, wanted, byKey: false, cancellationToken);
        }

        return parts;
    }

    private async Task<Parts?> TryReadPartsAsync(StatusRow status, RowsWanted wanted, bool byKey, CancellationToken cancellationToken)
    {
        var rows = await ReadRowsAsync(status, wanted, byKey, cancellationToken);
        var history = wanted.History is { } range ? await ReadHistoryAsync(status, rows, range.From, range.End, cancellationToken) : [];
        var inbox = wanted.Inbox ? await ReadInboxAsync(status, rows, cancellationToken) : [];
        var outbox = wanted.Outbox ? await ReadOutboxAsync(status, rows, cancellationToken) : [];
        return history is null || inbox is null || outbox is null ? null : new Parts(history, inbox, outbox);
    }

    /// <summary>
    /// The chunk rows <paramref name="wanted"/>: point reads of the keys the lists name (when <paramref name="byKey"/>), and
    /// one query of the partition for the kinds without a list, each kind's row keys bounded by what the status row says
    /// (history chunks start before the history count, inbox and outbox chunks at or before the largest present id).
    /// </summary>
    private async Task<List<TableEntity>> ReadRowsAsync(StatusRow status, RowsWanted wanted, bool byKey, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        var ranges = new List<(string From, string To)>();
        if (wanted.History is { } history && history.From < history.End)
        {
            if (byKey && status.HistoryChunks is { } listed)
            {
                keys.AddRange(ChunkLists.HistoryHolding(listed, status.HistoryCount, history.From, history.End).Select(f => AzureKeys.HistoryRow(status.Epoch, f)));
            }
            else
            {
                ranges.Add(("h" + status.Epoch, AzureKeys.HistoryRow(status.Epoch, history.End)));
            }
        }

        if (wanted.Inbox && !status.Inbox.IsEmpty)
        {
            if (byKey && ChunkLists.Holding(status.InboxChunks, status.Inbox) is { } listed)
            {
                keys.AddRange(listed.Select(f => AzureKeys.InboxRow(status.Incarnation, f)));
            }
            else
            {
                ranges.Add(("i" + status.Incarnation, AzureKeys.InboxRow(status.Incarnation, status.Inbox.Max + 1)));
            }
        }

        if (wanted.Outbox && !status.Outbox.IsEmpty)
        {
            if (byKey && ChunkLists.Holding(status.OutboxChunks, status.Outbox) is { } listed)
            {
                keys.AddRange(listed.Select(f => AzureKeys.OutboxRow(status.Incarnation, f)));
            }
            else
            {
                ranges.Add(("o" + status.Incarnation, AzureKeys.OutboxRow(status.Incarnation, status.Outbox.Max + 1)));
            }
        }

        var reads = keys.Select(k => Instances.GetEntityIfExistsAsync<TableEntity>(status.Partition, k, cancellationToken: cancellationToken)).ToList();
        var rows = new List<TableEntity>();
        if (ranges.Count > 0)
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {status.Partition}") + " and ("
                + string.Join(" or ", ranges.Select(r => TableClient.CreateQueryFilter($"(RowKey ge {r.From} and RowKey lt {r.To})"))) + ")";
            await foreach (var row in Instances.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken))
            {
                rows.Add(row);
            }
        }

        foreach (var read in await Task.WhenAll(reads))
        {
            if (read.HasValue && read.Value is not null)
            {
                rows.Add(read.Value);
            }
        }

        return rows;
    }

    /// <summary>Events [skip, end) of the current execution; <c>null</c> when the rows read do not hold them all (a newer write).</summary>
    private async Task<List<string>?> ReadHistoryAsync(StatusRow status, List<TableEntity> rows, long skip, long end, CancellationToken cancellationToken)
    {
        var events = new List<string>();
        var next = skip;
        foreach (var chunk in rows.Where(r => r.RowKey.StartsWith('h')).OrderBy(r => r.GetInt64("First")))
        {
            var first = chunk.GetInt64("First") ?? 0;
            var count = chunk.GetInt32("Count") ?? 0;
            if (first >= end || next >= end)
            {
                break;
            }

            if (first + count <= next)
            {
                continue;
            }

            if (first > next)
            {
                return null;
            }

            var chunkEvents = await Chunks.ReadHistoryAsync(_payloads, chunk, cancellationToken);
            for (var i = next - first; i < count && first + i < end; i++)
            {
                events.Add(chunkEvents[(int)i]);
            }

            next = first + count;
        }

        return next >= end || skip >= end ? events : null;
    }

    private async Task<List<InboxEntry>?> ReadInboxAsync(StatusRow status, List<TableEntity> rows, CancellationToken cancellationToken)
    {
        var entries = new List<InboxEntry>();
        foreach (var chunk in rows.Where(r => r.RowKey.StartsWith('i') && Chunks.Ids(r).Any(status.Inbox.Contains)))
        {
            foreach (var (id, entry) in await Chunks.ReadInboxAsync(_payloads, chunk, cancellationToken))
            {
                if (status.Inbox.Contains(id))
                {
                    entries.Add(new InboxEntry(id, entry.Message, entry.Sender, entry.Sequence));
                }
            }
        }

        entries.Sort((x, y) => x.Id.CompareTo(y.Id));
        return entries.Count == status.Inbox.Count ? entries : null;
    }

    private async Task<List<OutboxEntry>?> ReadOutboxAsync(StatusRow status, List<TableEntity> rows, CancellationToken cancellationToken)
    {
        var entries = new List<OutboxEntry>();
        foreach (var chunk in rows.Where(r => r.RowKey.StartsWith('o') && Chunks.Ids(r).Any(status.Outbox.Contains)))
        {
            foreach (var entry in await Chunks.ReadOutboxAsync(_payloads, chunk, cancellationToken))
            {
                if (status.Outbox.Contains(entry.Id))
                {
                    entries.Add(new OutboxEntry(entry.Id, entry.Receiver, entry.Message));
                }
            }
        }

        entries.Sort((x, y) => x.Id.CompareTo(y.Id));
        return entries.Count == status.Outbox.Count ? entries : null;
    }
}
