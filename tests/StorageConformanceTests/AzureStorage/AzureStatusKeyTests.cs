using Azure;
using Azure.Data.Tables;
using OrleansWorkflows.Storage;
using OrleansWorkflows.Storage.AzureStorage;
using OrleansWorkflows.TestSupport;
using Xunit;

namespace OrleansWorkflows.StorageConformanceTests.AzureStorage;

/// <summary>
/// Status rows have keys of their own (<see cref="AzureKeys.StatusRow"/>); instances an older build created keep the shared
/// key <c>s</c> and still run: on tables without the format row, a status read that finds nothing under the instance's
/// own key reads the shared one.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureStatusKeyTests(AzuriteServer azurite)
{
    private static readonly DateTime T0 = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    [Fact]
    public async Task NewTables_SayTheirStatusRowsHaveOwnKeys_AndAnInstanceIsStoredUnderItsOwnKey()
    {
        var store = await AzureTestStores.CreateAsync(azurite);
        try
        {
            Assert.False(store.Account.MayHoldLegacyStatusRows);
            await store.CommitAsync(new InstanceCommit { Record = Running("own", 1), ExpectedVersion = 0, AppendHistory = ["h1"] });

            var partition = AzureKeys.Partition("own");
            Assert.True((await store.Account.Instances.GetEntityIfExistsAsync<TableEntity>(partition, AzureKeys.StatusRow(AzureKeys.Hash("own")))).HasValue);
            Assert.False((await store.Account.Instances.GetEntityIfExistsAsync<TableEntity>(partition, AzureKeys.LegacyStatusRow)).HasValue);

            var reopened = new AzureWorkflowStore(new AzureStorageAccount(store.Account.Options));
            await reopened.Account.EnsureReadyAsync();
            Assert.False(reopened.Account.MayHoldLegacyStatusRows);
        }
        finally
        {
            await AzureTestStores.DeleteAsync(store);
        }
    }

    [Fact]
    public async Task AnInstanceAnOlderBuildStoredUnderTheSharedKey_IsLoadedCommittedAndPurgedWhereItIs()
    {
        var writer = await AzureTestStores.CreateAsync(azurite);
        try
        {
            await writer.CommitAsync(new InstanceCommit { Record = Running("old", 1), ExpectedVersion = 0, AppendHistory = ["h1"] });
            await writer.WhenIndexWrittenAsync();
            await MoveToSharedKeyAsync(writer.Account.Instances, "old");

            // The tables as an older build leaves them: status row "s", no format row.
            var store = new AzureWorkflowStore(new AzureStorageAccount(writer.Account.Options));
            await store.Account.EnsureReadyAsync();
            Assert.True(store.Account.MayHoldLegacyStatusRows);

            var loaded = await store.LoadAsync("old");
            Assert.Equal(1, loaded!.Record.Version);
            Assert.Equal(["h1"], loaded.History);
            Assert.Equal(2, await store.CommitAsync(new InstanceCommit { Record = Running("old", 2), ExpectedVersion = 1, HistoryCountBefore = 1, AppendHistory = ["h2"] }));
            Assert.Equal(["h1", "h2"], await store.ReadHistoryAsync("old"));
            var partition = AzureKeys.Partition("old");
            Assert.Equal(2, (await store.Account.Instances.GetEntityAsync<TableEntity>(partition, AzureKeys.LegacyStatusRow)).Value.GetInt64("Version"));
            Assert.False((await store.Account.Instances.GetEntityIfExistsAsync<TableEntity>(partition, AzureKeys.StatusRow(AzureKeys.Hash("old")))).HasValue);

            // A new instance on these tables gets a key of its own; the old one is purged where it is.
            await store.CommitAsync(new InstanceCommit { Record = Running("new", 1), ExpectedVersion = 0, AppendHistory = ["h1"] });
            Assert.Equal(1, (await store.LoadAsync("new"))!.Record.Version);
            Assert.True(await store.PurgeAsync("old", 2));
            Assert.Null(await store.GetRecordAsync("old"));
            Assert.False((await store.Account.Instances.GetEntityIfExistsAsync<TableEntity>(partition, AzureKeys.LegacyStatusRow)).HasValue);
            await store.DisposeAsync();
        }
        finally
        {
            await AzureTestStores.DeleteAsync(writer);
        }
    }

    private static InstanceRecord Running(string id, long second) => new()
    {
        InstanceId = id, Name = "O", ExecutionId = "e", Status = OrchestrationRuntimeStatus.Running, CreatedAt = T0, LastUpdatedAt = T0.AddSeconds(second),
    };

    /// <summary>Rewrites the instance's status row under the shared key <c>s</c> and deletes the format row.</summary>
    private static async Task MoveToSharedKeyAsync(TableClient instances, string instanceId)
    {
        var partition = AzureKeys.Partition(instanceId);
        var own = (await instances.GetEntityAsync<TableEntity>(partition, AzureKeys.StatusRow(AzureKeys.Hash(instanceId)))).Value;
        var shared = new TableEntity(partition, AzureKeys.LegacyStatusRow);
        foreach (var (name, value) in own.Where(p => p.Key is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag")))
        {
            shared[name] = value;
        }

        await instances.AddEntityAsync(shared);
        await instances.DeleteEntityAsync(partition, own.RowKey, ETag.All);
        var format = AzureStorageAccount.FormatRow;
        await instances.DeleteEntityAsync(format.PartitionKey, format.RowKey, ETag.All);
    }
}
