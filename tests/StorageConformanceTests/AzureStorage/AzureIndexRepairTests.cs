using Azure.Data.Tables;
using Microsoft.Extensions.Time.Testing;
using OrleansWorkflows.Storage;
using OrleansWorkflows.Storage.AzureStorage;
using OrleansWorkflows.TestSupport;
using Xunit;

namespace OrleansWorkflows.StorageConformanceTests.AzureStorage;

/// <summary>
/// The index table is written around each commit, not in its transaction: when a process dies between the commit and the
/// index update, the repair row it wrote first makes the recovery sweep rebuild the instance's index rows.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureIndexRepairTests(AzuriteServer azurite)
{
    private static readonly DateTime T0 = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    [Fact]
    public async Task Sweep_AfterACommitWhoseIndexUpdateWasLost_RebuildsTheQueryAndWakeRows()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var store = await AzureTestStores.CreateAsync(azurite, time);
        try
        {
            var record = new InstanceRecord
            {
                InstanceId = "lost", Name = "O", ExecutionId = "e", Status = OrchestrationRuntimeStatus.Running, CreatedAt = T0, LastUpdatedAt = T0, WakeAt = T0,
            };
            await store.CommitAsync(new InstanceCommit { Record = record, ExpectedVersion = 0, AppendHistory = ["h1"] });
            await store.WhenIndexWrittenAsync();

            // The state a crash right after the transaction leaves: no query or wake row yet, only the repair row.
            var hash = AzureKeys.Hash("lost");
            var shard = AzureKeys.Shard(hash, store.Account.Options.IndexShards);
            var index = store.Account.Index;
            await index.DeleteEntityAsync(shard, IndexRows.QueryKey(T0, hash));
            await index.DeleteEntityAsync(shard, IndexRows.WakeKey(T0, hash));
            var repairAt = time.GetUtcNow().UtcDateTime + store.Account.Options.IndexRepairDelay;
            await index.UpsertEntityAsync(IndexRows.Repair(shard, "lost", hash, repairAt, [IndexRows.QueryKey(T0, hash)]), TableUpdateMode.Replace);
            Assert.Empty((await store.QueryAsync(new InstanceQuery())).Instances);
            Assert.Empty(await store.FindDueWakeUpsAsync(T0, 10));

            // Not before the repair row is due; then the sweep rebuilds the rows and deletes the repair row.
            Assert.Empty(await store.FindDueWakeUpsAsync(repairAt.AddSeconds(-1), 10));
            Assert.Empty((await store.QueryAsync(new InstanceQuery())).Instances);
            time.Advance(store.Account.Options.IndexRepairDelay + AzureWorkflowStore.RepairGrace);
            Assert.Empty(await store.FindDueWakeUpsAsync(repairAt, 10));

            Assert.Equal(["lost"], (await store.QueryAsync(new InstanceQuery())).Instances.Select(r => r.InstanceId));
            Assert.Equal(["lost"], await store.FindDueWakeUpsAsync(T0, 10));
            Assert.Empty(await index.QueryAsync<TableEntity>(e => e.PartitionKey == shard && e.RowKey == IndexRows.RepairKey(repairAt, hash)).ToListAsync());
        }
        finally
        {
            await AzureTestStores.DeleteAsync(store);
        }
    }

    [Fact]
    public async Task Sweep_WakeRowOfAWriteThatNeverCommitted_IsNotReturned_AndDeletedOnceOld()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var store = await AzureTestStores.CreateAsync(azurite, time);
        try
        {
            var record = new InstanceRecord { InstanceId = "a", Name = "O", ExecutionId = "e", Status = OrchestrationRuntimeStatus.Running, CreatedAt = T0 };
            await store.CommitAsync(new InstanceCommit { Record = record, ExpectedVersion = 0 });
            var hash = AzureKeys.Hash("a");
            var shard = AzureKeys.Shard(hash, store.Account.Options.IndexShards);
            await store.Account.Index.UpsertEntityAsync(IndexRows.Wake(shard, "a", hash, T0), TableUpdateMode.Replace);

            Assert.Empty(await store.FindDueWakeUpsAsync(T0, 10));
            Assert.Single(await store.Account.Index.QueryAsync<TableEntity>(e => e.PartitionKey == shard && e.RowKey == IndexRows.WakeKey(T0, hash)).ToListAsync());
            time.Advance(AzureWorkflowStore.RepairGrace + TimeSpan.FromSeconds(1));
            Assert.Empty(await store.FindDueWakeUpsAsync(T0, 10));
            Assert.Empty(await store.Account.Index.QueryAsync<TableEntity>(e => e.PartitionKey == shard && e.RowKey == IndexRows.WakeKey(T0, hash)).ToListAsync());
        }
        finally
        {
            await AzureTestStores.DeleteAsync(store);
        }
    }
}
