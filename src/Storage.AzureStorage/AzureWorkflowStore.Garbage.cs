using Azure.Data.Tables;

namespace OrleansWorkflows.Storage.AzureStorage;

public sealed partial class AzureWorkflowStore
{
    private readonly BackgroundCleanup _cleanup = new();

    /// <summary>Waits until the background garbage collection is idle (tests).</summary>
    internal Task WhenCleanIdleAsync() => _cleanup.WhenIdleAsync();

    /// <summary>
    /// Deletes an instance's garbage rows: the history rows of dropped epochs, and the inbox and outbox chunks none of
    /// whose entries is present any more (with the markers of their sequenced messages and their blobs). A chunk is only
    /// judged against a status row at least as new as the chunk (a chunk a newer transaction wrote is left alone).
    /// </summary>
    private async Task CollectGarbageAsync(string instanceId, IReadOnlyCollection<string> droppedEpochs)
    {
        var status = await ReadStatusAsync(instanceId, CancellationToken.None);
        if (status?.Stored?.Timestamp is not { } seenAt)
        {
            return;
        }

        var (iFrom, iTo) = AzureKeys.Range("i" + status.Incarnation);
        var (oFrom, oTo) = AzureKeys.Range("o" + status.Incarnation);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {status.Partition} and ((RowKey ge {iFrom} and RowKey lt {iTo}) or (RowKey ge {oFrom} and RowKey lt {oTo}))");
        var deletes = new List<TableTransactionAction>();
        var blobs = new List<string>();
        await foreach (var chunk in Instances.QueryAsync<TableEntity>(filter, cancellationToken: CancellationToken.None))
        {
            var present = chunk.RowKey[0] == 'i' ? status.Inbox : status.Outbox;
            if (chunk.Timestamp > seenAt || Chunks.Ids(chunk).Any(present.Contains))
            {
                continue;
            }

            deletes.Add(Delete(chunk));
            if (Payloads.BlobOf(chunk, "D") is { } blob)
            {
                blobs.Add(blob);
            }

            if (chunk.RowKey[0] == 'i')
            {
                foreach (var (_, entry) in await Chunks.ReadInboxAsync(_payloads, chunk, CancellationToken.None))
                {
                    if (entry.Sender is not null)
                    {
                        deletes.Add(Delete(new TableEntity(status.Partition, AzureKeys.SequenceRow(status.Incarnation, entry.Sender, entry.Sequence))));
                    }
                }
            }
        }

        foreach (var epoch in droppedEpochs.Where(e => e != status.Epoch))
        {
            var (hFrom, hTo) = AzureKeys.Range("h" + epoch);
            var history = TableClient.CreateQueryFilter($"PartitionKey eq {status.Partition} and RowKey ge {hFrom} and RowKey lt {hTo}");
            await foreach (var chunk in Instances.QueryAsync<TableEntity>(history, select: ["PartitionKey", "RowKey", "DBlob"], cancellationToken: CancellationToken.None))
            {
                deletes.Add(Delete(chunk));
                if (Payloads.BlobOf(chunk, "D") is { } blob)
                {
                    blobs.Add(blob);
                }
            }
        }

        await SubmitAsync(Instances, deletes);
        await _payloads.DeleteQuietlyAsync(blobs);
    }

    /// <summary>
    /// After a purge: deletes every row of the purged incarnation (history, inbox, outbox, markers, its request ids; a
    /// purge's own request id, incarnation <c>*</c>, stays) and its blobs. Rows of another incarnation (the id created
    /// again by another process meanwhile) are left alone.
    /// </summary>
    private async Task DeleteIncarnationAsync(StatusRow purged)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {purged.Partition} and Inc eq {purged.Incarnation}");
        var deletes = new List<TableTransactionAction>();
        await foreach (var row in Instances.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: CancellationToken.None))
        {
            if (!AzureKeys.IsStatusRow(row.RowKey))
            {
                deletes.Add(Delete(row));
            }
        }

        await SubmitAsync(Instances, deletes);
        await _payloads.DeletePrefixQuietlyAsync(purged.BlobPrefix);
    }

    private static TableTransactionAction Delete(TableEntity row) =>
        new(TableTransactionActionType.Delete, new TableEntity(row.PartitionKey, row.RowKey), Azure.ETag.All);
}
