using Azure;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using OrleansWorkflows.Storage;
using OrleansWorkflows.Storage.AzureStorage;
using OrleansWorkflows.TestSupport;
using Xunit;

namespace OrleansWorkflows.StorageConformanceTests.AzureStorage;

/// <summary>
/// Reloading an existing instance (an activation after the instance was idle, a history page) reads the chunk rows its
/// status row lists by their keys (<see cref="ChunkLists"/>) and queries nothing: a query of the partition is a scan of the
/// partition on Azure and of the whole table on Azurite. Rows written before the lists, or lists that do not hold every
/// entry, are read by one range query bounded by the status row. Requests are counted from outside (<see cref="RequestTally"/>).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureReloadTests(AzuriteServer azurite)
{
    private static readonly DateTime T0 = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    [Fact]
    public async Task Reload_ReadsTheListedChunkRowsByKey_AndQueriesNothing()
    {
        var prefix = Prefix();
        var writer = await AzureTestStores.OpenAsync(azurite, prefix);
        try
        {
            await WriteInstanceAsync(writer, "r");
            var (reader, tally) = await ObservedAsync(prefix);

            var before = tally.Snapshot();
            AssertLoaded(await reader.LoadAsync("r"));
            var cost = tally.Since(before);

            // The status row, the three history chunks, the inbox chunk holding entry 2 and the outbox chunk; no query.
            Assert.True(cost.GetValueOrDefault($"get {prefix}instances") == 6 && cost.Count == 1, RequestTally.Describe(cost));

            before = tally.Snapshot();
            Assert.Equal(["h4"], await reader.ReadHistoryAsync("r", 3, 1));
            cost = tally.Since(before);
            Assert.True(cost.GetValueOrDefault($"get {prefix}instances") == 2 && cost.Count == 1, RequestTally.Describe(cost));
        }
        finally
        {
            await AzureTestStores.DeleteAsync(writer);
        }
    }

    [Fact]
    public async Task ARowWrittenBeforeTheLists_IsReloadedByOneBoundedQuery_AndItsInboxListedAgainOnceEmpty()
    {
        var prefix = Prefix();
        var writer = await AzureTestStores.OpenAsync(azurite, prefix);
        try
        {
            await WriteInstanceAsync(writer, "old");
            await RewriteStatusAsync(writer.Account.Instances, "old", row =>
            {
                row.Remove(ChunkLists.History);
                row.Remove(ChunkLists.Inbox);
                row.Remove(ChunkLists.Outbox);
            });
            var (reader, tally) = await ObservedAsync(prefix);

            var before = tally.Snapshot();
            AssertLoaded(await reader.LoadAsync("old"));
            var cost = tally.Since(before);
            Assert.True(cost.GetValueOrDefault($"get {prefix}instances") == 1 && cost.GetValueOrDefault($"query {prefix}instances") == 1 && cost.Count == 2, RequestTally.Describe(cost));

            // The next commit consumes the inbox and removes the outbox: those lists are known again (empty); the history
            // list stays unknown until the next execution, so a reload still queries, for the history only.
            await reader.CommitAsync(Episode("old", 3, 5, ["h6"]) with { ConsumedInbox = [2], RemoveOutbox = [1] });
            var (again, tally2) = await ObservedAsync(prefix);
            before = tally2.Snapshot();
            var loaded = await again.LoadAsync("old");
            cost = tally2.Since(before);
            Assert.Equal(["h1", "h2", "h3", "h4", "h5", "h6"], loaded!.History);
            Assert.Empty(loaded.Inbox);
            Assert.Empty(loaded.Outbox);
            Assert.True(cost.GetValueOrDefault($"get {prefix}instances") == 1 && cost.GetValueOrDefault($"query {prefix}instances") == 1 && cost.Count == 2, RequestTally.Describe(cost));
        }
        finally
        {
            await AzureTestStores.DeleteAsync(writer);
        }
    }

    [Fact]
    public async Task AListThatMissesRows_CostsOneQuery_NeverAnEntry()
    {
        var prefix = Prefix();
        var writer = await AzureTestStores.OpenAsync(azurite, prefix);
        try
        {
            await WriteInstanceAsync(writer, "wrong");
            await RewriteStatusAsync(writer.Account.Instances, "wrong", row => row[ChunkLists.History] = "0");
            var (reader, tally) = await ObservedAsync(prefix);

            var before = tally.Snapshot();
            AssertLoaded(await reader.LoadAsync("wrong"));
            var cost = tally.Since(before);
            Assert.True(cost.GetValueOrDefault($"query {prefix}instances") == 1, RequestTally.Describe(cost));
        }
        finally
        {
            await AzureTestStores.DeleteAsync(writer);
        }
    }

    [Fact]
    public async Task AHistoryOfMoreChunksThanAListHolds_IsReadByOneBoundedQuery()
    {
        var prefix = Prefix();
        var writer = await AzureTestStores.OpenAsync(azurite, prefix);
        try
        {
            var count = ChunkLists.MaxListed + 2;
            await writer.CommitAsync(new InstanceCommit { Record = Running("long", 1), ExpectedVersion = 0, AppendHistory = ["e0"] });
            for (var i = 1; i < count; i++)
            {
                await writer.CommitAsync(Episode("long", i, i, [$"e{i}"]));
            }

            var status = (await writer.Account.Instances.GetEntityAsync<TableEntity>(AzureKeys.Partition("long"), AzureKeys.StatusRow(AzureKeys.Hash("long")))).Value;
            Assert.Null(status.GetString(ChunkLists.History));
            var (reader, tally) = await ObservedAsync(prefix);

            var before = tally.Snapshot();
            var loaded = await reader.LoadAsync("long");
            var cost = tally.Since(before);
            Assert.Equal(Enumerable.Range(0, count).Select(i => $"e{i}"), loaded!.History);
            Assert.True(cost.GetValueOrDefault($"get {prefix}instances") == 1 && cost.GetValueOrDefault($"query {prefix}instances") == 1 && cost.Count == 2, RequestTally.Describe(cost));
        }
        finally
        {
            await AzureTestStores.DeleteAsync(writer);
        }
    }

    /// <summary>
    /// An instance of three episodes (history chunks of 2, 1 and 2 events), two inbox entries appended one by one (the
    /// first consumed), and one outbox entry.
    /// </summary>
    private static async Task WriteInstanceAsync(AzureWorkflowStore store, string id)
    {
        await store.CommitAsync(new InstanceCommit
        {
            Record = Running(id, 1), ExpectedVersion = 0, AppendHistory = ["h1", "h2"], AddOutbox = [new OutboxEntry(1, "peer", "{\"o\":1}")],
        });
        Assert.Equal(InboxAppendResult.Appended, (await store.AppendInboxAsync(id, "{\"m\":1}", null, 0)).Result);
        Assert.Equal(InboxAppendResult.Appended, (await store.AppendInboxAsync(id, "{\"m\":2}", null, 0)).Result);
        await store.CommitAsync(Episode(id, 1, 2, ["h3"]) with { ConsumedInbox = [1] });
        await store.CommitAsync(Episode(id, 2, 3, ["h4", "h5"]));
        await store.WhenIndexWrittenAsync();
    }

    private static void AssertLoaded(InstanceSnapshot? loaded)
    {
        Assert.NotNull(loaded);
        Assert.Equal(3, loaded.Record.Version);
        Assert.Equal(["h1", "h2", "h3", "h4", "h5"], loaded.History);
        Assert.Equal([(2L, "{\"m\":2}")], loaded.Inbox.Select(e => (e.Id, e.MessageJson)));
        Assert.Equal([(1L, "peer", "{\"o\":1}")], loaded.Outbox.Select(e => (e.Id, e.Receiver, e.MessageJson)));
    }

    /// <summary>Another process's store on the tables of <paramref name="prefix"/>, its requests counted.</summary>
    private async Task<(AzureWorkflowStore Store, RequestTally Tally)> ObservedAsync(string prefix)
    {
        var tally = new RequestTally();
        var tableOptions = new TableClientOptions();
        tableOptions.AddPolicy(tally.Tables, HttpPipelinePosition.PerRetry);
        var blobOptions = new BlobClientOptions();
        blobOptions.AddPolicy(tally.Blobs, HttpPipelinePosition.PerRetry);
        var account = new AzureStorageAccount(new AzureStorageOptions
        {
            Prefix = prefix,
            IndexShards = 4,
            TableServiceClient = new TableServiceClient(azurite.ConnectionString, tableOptions),
            BlobServiceClient = new BlobServiceClient(azurite.ConnectionString, blobOptions),
        });
        await account.EnsureReadyAsync();
        return (new AzureWorkflowStore(account), tally);
    }

    /// <summary>Rewrites the instance's status row with <paramref name="change"/> applied (as another build would write it).</summary>
    private static async Task RewriteStatusAsync(TableClient instances, string instanceId, Action<TableEntity> change)
    {
        var row = (await instances.GetEntityAsync<TableEntity>(AzureKeys.Partition(instanceId), AzureKeys.StatusRow(AzureKeys.Hash(instanceId)))).Value;
        change(row);
        await instances.UpdateEntityAsync(row, ETag.All, TableUpdateMode.Replace);
    }

    private static InstanceRecord Running(string id, long second) => new()
    {
        InstanceId = id, Name = "O", ExecutionId = "e", Status = OrchestrationRuntimeStatus.Running, CreatedAt = T0, LastUpdatedAt = T0.AddSeconds(second),
    };

    private static InstanceCommit Episode(string id, long version, int historyBefore, IReadOnlyList<string> events) => new()
    {
        Record = Running(id, version + 1), ExpectedVersion = version, HistoryCountBefore = historyBefore, AppendHistory = events,
    };

    private static string Prefix() => "l" + Guid.NewGuid().ToString("N")[..12];
}
