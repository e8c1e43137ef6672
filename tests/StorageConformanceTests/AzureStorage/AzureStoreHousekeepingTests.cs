using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Time.Testing;
using OrleansWorkflows.Storage;
using OrleansWorkflows.Storage.AzureStorage;
using OrleansWorkflows.TestSupport;
using Xunit;

namespace OrleansWorkflows.StorageConformanceTests.AzureStorage;

/// <summary>
/// Work the table serves instead of the client or a scan: the id-prefix filter of queries, the pruning of request ids;
/// and the blobs of a transaction that never committed, collected once old.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureStoreHousekeepingTests(AzuriteServer azurite)
{
    private static readonly DateTime T0 = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    private static InstanceCommit Create(string id, int second = 0, string? input = null) => new()
    {
        Record = new InstanceRecord
        {
            InstanceId = id, Name = "O", ExecutionId = "e", Status = OrchestrationRuntimeStatus.Running, CreatedAt = T0.AddSeconds(second), LastUpdatedAt = T0, Input = input,
        },
        ExpectedVersion = 0,
        AppendHistory = ["h1"],
    };

    [Fact]
    public async Task Query_ByIdPrefix_ReadsOnlyTheMatchingRowsFromTheTable()
    {
        var store = await AzureTestStores.CreateAsync(azurite);
        try
        {
            await Task.WhenAll(Enumerable.Range(0, 24).Select(i => store.CommitAsync(Create($"noise-{i:D2}", i))));
            await Task.WhenAll(Enumerable.Range(0, 3).Select(i => store.CommitAsync(Create($"match-{i}", 30 + i))));
            await store.CommitAsync(Create("match", 40));
            await store.CommitAsync(Create("matcH-x", 41));
            await store.WhenIndexWrittenAsync();

            var before = store.QueryRowsRead;
            var page = await store.QueryAsync(new InstanceQuery { InstanceIdPrefix = "match-", PageSize = 2 });
            var next = await store.QueryAsync(new InstanceQuery { InstanceIdPrefix = "match-", PageSize = 2, ContinuationToken = page.ContinuationToken });

            Assert.Equal(["match-0", "match-1", "match-2"], page.Instances.Concat(next.Instances).Select(r => r.InstanceId));
            Assert.Null(next.ContinuationToken);
            Assert.True(store.QueryRowsRead - before <= 6, $"{store.QueryRowsRead - before} query rows read for 3 matches in 2 pages");
        }
        finally
        {
            await AzureTestStores.DeleteAsync(store);
        }
    }

    [Fact]
    public void IdPrefixFilter_IsARangeOfTheId_OrNoneWhereTheRangeCouldMissAnId()
    {
        Assert.Equal("Id ge 'ab' and Id lt 'ac'", AzureWorkflowStore.IdPrefixFilter("ab"));
        Assert.Equal("Id ge 'o''b' and Id lt 'o''c'", AzureWorkflowStore.IdPrefixFilter("o'b"));
        Assert.Null(AzureWorkflowStore.IdPrefixFilter(null));
        Assert.Null(AzureWorkflowStore.IdPrefixFilter(string.Empty));
        Assert.Null(AzureWorkflowStore.IdPrefixFilter("a\uD83D"));
        Assert.Null(AzureWorkflowStore.IdPrefixFilter("a\uFFFF"));
        Assert.Null(AzureWorkflowStore.IdPrefixFilter("a\u0001b"));
    }

    [Fact]
    public async Task PruneRequests_ReadsTheIndex_NotTheInstancesTable()
    {
        var (instances, index) = (new RequestGate(), new RequestGate());
        var store = await AzureTestStores.CreateObservedAsync(azurite, "t" + Guid.NewGuid().ToString("N")[..12], instances, index);
        try
        {
            await store.CommitAsync(Create("a"));
            await store.CommitAsync(Create("b"));
            await store.CommitAsync(Create("c"));
            for (var i = 0; i < 6; i++)
            {
                await store.AppendRequestAsync(i % 2 == 0 ? "a" : "b", "m", $"old-{i}", T0.AddSeconds(i));
            }

            await store.AppendRequestAsync("b", "m", "new", T0.AddHours(1));
            Assert.True(await store.PurgeAsync("c", 1, "purge-c", T0.AddSeconds(10)));

            var queriesBefore = instances.Paths.Count(p => p.EndsWith("instances()", StringComparison.Ordinal));
            Assert.Equal(4, await store.PruneRequestsAsync(T0.AddMinutes(1), 4));
            Assert.Equal(3, await store.PruneRequestsAsync(T0.AddMinutes(1), 4));
            Assert.Equal(0, await store.PruneRequestsAsync(T0.AddMinutes(1), 4));
            Assert.Equal(queriesBefore, instances.Paths.Count(p => p.EndsWith("instances()", StringComparison.Ordinal)));

            Assert.False(await store.HasRequestAsync("a", "old-0"));
            Assert.False(await store.HasRequestAsync("b", "old-5"));
            Assert.False(await store.HasRequestAsync("c", "purge-c"));
            Assert.True(await store.HasRequestAsync("b", "new"));
            Assert.Equal(1, await store.PruneRequestsAsync(T0.AddDays(1), 10));
            Assert.False(await store.HasRequestAsync("b", "new"));
        }
        finally
        {
            await AzureTestStores.DeleteAsync(store);
        }
    }

    [Fact]
    public async Task OrphanBlobs_OfATransactionThatNeverCommitted_AreDeletedOnceOld_AndLiveOnesKept()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var (instances, index) = (new RequestGate(), new RequestGate());
        var store = await AzureTestStores.CreateObservedAsync(azurite, "t" + Guid.NewGuid().ToString("N")[..12], instances, index, time);
        try
        {
            var big = "\"" + new string('x', 40_000) + "\"";
            await store.CommitAsync(Create("kept", input: big));

            // The process dies between writing the blob and the transaction (here the transaction fails and the blob stays).
            Assert.Null(await store.LoadAsync("crashed"));
            instances.Failing = true;
            await Assert.ThrowsAnyAsync<Exception>(() => store.CommitAsync(Create("crashed", input: big + " ")));
            instances.Failing = false;
            Assert.Equal(2, await BlobCountAsync(store));

            Assert.Equal(0, await store.CollectOrphanBlobsAsync());
            time.Advance(store.Account.Options.OrphanBlobAge + TimeSpan.FromMinutes(1));
            Assert.Equal(1, await store.CollectOrphanBlobsAsync());

            Assert.Equal(1, await BlobCountAsync(store));
            Assert.Equal(big, (await store.GetRecordAsync("kept"))!.Input);
            Assert.Null(await store.GetRecordAsync("crashed"));
        }
        finally
        {
            await AzureTestStores.DeleteAsync(store);
        }
    }

    private static async Task<int> BlobCountAsync(AzureWorkflowStore store)
    {
        var count = 0;
        await foreach (var _ in store.Account.Payloads.GetBlobsAsync(BlobTraits.None, BlobStates.None, null, CancellationToken.None))
        {
            count++;
        }

        return count;
    }
}
