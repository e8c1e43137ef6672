using Azure;
using Azure.Data.Tables;

namespace OrleansWorkflows.Storage.AzureStorage;

public sealed partial class AzureWorkflowStore
{
    /// <inheritdoc />
    public async Task<bool> HasRequestAsync(string instanceId, string requestId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        ArgumentNullException.ThrowIfNull(requestId);
        await _account.EnsureReadyAsync(cancellationToken);
        var status = ReadStatusAsync(instanceId, cancellationToken);
        var request = Instances.GetEntityIfExistsAsync<TableEntity>(AzureKeys.Partition(instanceId), AzureKeys.RequestRow(requestId), cancellationToken: cancellationToken);
        await Task.WhenAll(status, request);
        var row = (await request).HasValue ? (await request).Value : null;
        return row?.GetString("RequestId") == requestId && RoundDecisions.IsRemembered(row, await status);
    }

    /// <summary>
    /// Reads the request rows of the index received before the cutoff (a key range of each shard: no scan of the
    /// instances table), takes the earliest <paramref name="max"/>, and for each deletes the instance's request row on
    /// the ETag it was read with when it is still older than the cutoff (a request id received again meanwhile is kept),
    /// then the index row. Returns how many request ids it forgot. Request ids remembered before the index had request
    /// rows are not found here (they stay remembered until their instance is purged).
    /// </summary>
    /// <inheritdoc />
    public async Task<int> PruneRequestsAsync(DateTime receivedBefore, int max, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        await _account.EnsureReadyAsync(cancellationToken);
        var to = "x" + AzureKeys.Ticks(receivedBefore.Ticks);
        var shards = await Task.WhenAll(AzureKeys.Shards(_account.Options.IndexShards).Select(async shard =>
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {shard} and RowKey ge {"x"} and RowKey lt {to}");
            var rows = new List<TableEntity>();
            await foreach (var row in _account.Index.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(1000, max), cancellationToken: cancellationToken))
            {
                rows.Add(row);
                if (rows.Count >= max)
                {
                    break;
                }
            }

            return rows;
        }));
        var due = shards.SelectMany(s => s).OrderBy(r => r.RowKey, StringComparer.Ordinal).Take(max).ToList();
        var forgotten = await Task.WhenAll(due.Select(row => ForgetRequestAsync(row, receivedBefore, cancellationToken)));
        return forgotten.Count(f => f);
    }

    private async Task<bool> ForgetRequestAsync(TableEntity indexRow, DateTime receivedBefore, CancellationToken cancellationToken)
    {
        var partition = AzureKeys.Partition(indexRow.GetString("Id") ?? string.Empty);
        var key = indexRow.GetString("Req") ?? string.Empty;
        var forgotten = false;
        var request = await Instances.GetEntityIfExistsAsync<TableEntity>(partition, key, cancellationToken: cancellationToken);
        if (request.HasValue && request.Value is { } row && (row.GetInt64("ReceivedAt") ?? long.MaxValue) < receivedBefore.Ticks)
        {
            try
            {
                var response = await Instances.DeleteEntityAsync(partition, key, row.ETag, cancellationToken);
                forgotten = response.Status != 404;
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 412)
            {
                // Received again, or forgotten by another process meanwhile.
            }
        }

        try
        {
            await _account.Index.DeleteEntityAsync(indexRow.PartitionKey, indexRow.RowKey, ETag.All, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Deleted by another process meanwhile.
        }

        return forgotten;
    }
}
