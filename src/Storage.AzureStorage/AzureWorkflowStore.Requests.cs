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
    /// Finds up to <paramref name="max"/> request rows received before the cutoff (a query over every instance partition,
    /// filtered in the service) and deletes each on the ETag it was read with, so a request id received again meanwhile
    /// is kept. Returns how many it deleted.
    /// </summary>
    /// <inheritdoc />
    public async Task<int> PruneRequestsAsync(DateTime receivedBefore, int max, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        await _account.EnsureReadyAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"RowKey ge {"r"} and RowKey lt {"s"} and ReceivedAt lt {receivedBefore.Ticks}");
        var old = new List<TableEntity>();
        await foreach (var row in Instances.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(1000, max), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            old.Add(row);
            if (old.Count >= max)
            {
                break;
            }
        }

        var deleted = await Task.WhenAll(old.Select(async row =>
        {
            try
            {
                var response = await Instances.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, cancellationToken);
                return response.Status != 404;
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 412)
            {
                return false;
            }
        }));
        return deleted.Count(d => d);
    }
}
