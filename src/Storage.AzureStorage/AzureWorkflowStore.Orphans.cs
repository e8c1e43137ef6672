using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;

namespace OrleansWorkflows.Storage.AzureStorage;

public sealed partial class AzureWorkflowStore
{
    private readonly BackgroundCleanup _orphanScan = new();
    private long _nextOrphanScan;

    /// <summary>
    /// Starts <see cref="CollectOrphanBlobsAsync"/> in the background when the last one started at least
    /// <see cref="AzureStorageOptions.OrphanBlobAge"/> ago (the recovery sweep calls this with every page it reads).
    /// </summary>
    private void CollectOrphanBlobsWhenDue()
    {
        var now = _time.GetUtcNow().UtcTicks;
        var due = Interlocked.Read(ref _nextOrphanScan);
        if (now >= due && Interlocked.CompareExchange(ref _nextOrphanScan, now + _account.Options.OrphanBlobAge.Ticks, due) == due)
        {
            _orphanScan.Schedule(string.Empty, [], (_, _) => CollectOrphanBlobsAsync());
        }
    }

    /// <summary>
    /// Deletes the payload blobs no row refers to that are older than <see cref="AzureStorageOptions.OrphanBlobAge"/>: the
    /// blobs of a transaction that never committed (its process died after writing them) and leftovers of a purged or
    /// recreated incarnation. Lists the container once, groups the old blobs by the instance partition their metadata
    /// names and their incarnation, and reads every row of that incarnation (status row included) for the blobs they
    /// refer to. Blobs written before blobs named their partition are left to the instance's purge. Returns how many it
    /// deleted.
    /// </summary>
    internal async Task<int> CollectOrphanBlobsAsync()
    {
        var cutoff = _time.GetUtcNow() - _account.Options.OrphanBlobAge;
        var groups = new Dictionary<(string Partition, string Incarnation), List<string>>();
        await foreach (var blob in _account.Payloads.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, prefix: null, CancellationToken.None))
        {
            var parts = blob.Name.Split('/');
            if (blob.Properties.LastModified is not { } written || written > cutoff || parts.Length != 3
                || Payloads.PartitionOf(blob.Metadata) is not { } partition)
            {
                continue;
            }

            if (!groups.TryGetValue((partition, parts[1]), out var names))
            {
                groups[(partition, parts[1])] = names = [];
            }

            names.Add(blob.Name);
        }

        var deleted = 0;
        foreach (var ((partition, incarnation), names) in groups)
        {
            var referenced = await ReferencedBlobsAsync(partition, incarnation);
            var orphans = names.Where(n => !referenced.Contains(n)).ToList();
            await _payloads.DeleteQuietlyAsync(orphans);
            deleted += orphans.Count;
        }

        return deleted;
    }

    /// <summary>The blobs the rows of incarnation <paramref name="incarnation"/> in <paramref name="partition"/> refer to.</summary>
    private async Task<HashSet<string>> ReferencedBlobsAsync(string partition, string incarnation)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and Inc eq {incarnation}");
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in Instances.QueryAsync<TableEntity>(filter, cancellationToken: CancellationToken.None))
        {
            foreach (var (name, value) in row)
            {
                if (name.EndsWith("Blob", StringComparison.Ordinal) && value is string blob)
                {
                    referenced.Add(blob);
                }
            }
        }

        return referenced;
    }
}
