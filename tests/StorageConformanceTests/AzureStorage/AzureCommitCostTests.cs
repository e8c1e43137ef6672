using Azure.Data.Tables;
using Microsoft.Extensions.Time.Testing;
using OrleansWorkflows.Storage;
using OrleansWorkflows.Storage.AzureStorage;
using OrleansWorkflows.TestSupport;
using Xunit;

namespace OrleansWorkflows.StorageConformanceTests.AzureStorage;

/// <summary>
/// What a commit costs and waits for (<see cref="IndexChange"/>): an episode that moves its wake-up on or finishes is one
/// request (its transaction), waiting for no index write; one that makes the instance due earlier writes the wake row
/// first; and a crash that loses the index change of a commit that waited for none is repaired by the sweep.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureCommitCostTests(AzuriteServer azurite)
{
    private static readonly DateTime T0 = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static InstanceRecord Running(string id, DateTime? wakeAt) => new()
    {
        InstanceId = id, Name = "O", ExecutionId = "e", Status = OrchestrationRuntimeStatus.Running, CreatedAt = T0, LastUpdatedAt = T0, WakeAt = wakeAt,
    };

    private static InstanceCommit Episode(InstanceRecord record, long version, int historyBefore) => new()
    {
        Record = record with { LastUpdatedAt = T0.AddSeconds(version) }, ExpectedVersion = version, HistoryCountBefore = historyBefore, AppendHistory = [$"h{historyBefore + 1}"],
    };

    [Fact]
    public async Task Commits_ThatMoveTheWakeUpOnOrFinish_AreOneRequestEach_AndWaitForNoIndexWrite()
    {
        var (instances, index) = (new RequestGate(), new RequestGate());
        var store = await AzureTestStores.CreateObservedAsync(azurite, Prefix(), instances, index);
        try
        {
            var record = Running("hot", T0.AddMinutes(1));
            Assert.Null(await store.LoadAsync("hot"));
            await store.CommitAsync(new InstanceCommit { Record = record, ExpectedVersion = 0, AppendHistory = ["h1"] });
            await store.WhenIndexWrittenAsync();

            // The index table holds every request from here: the next episodes must not wait for it.
            index.Close();
            var (sent, indexSent) = (instances.Requests, index.Requests);
            Assert.Equal(2, await store.CommitAsync(Episode(record with { WakeAt = T0.AddMinutes(2) }, 1, 1)).WaitAsync(Patience));
            Assert.Equal(3, await store.CommitAsync(Episode(record with { WakeAt = T0.AddMinutes(3) }, 2, 2)).WaitAsync(Patience));
            var done = record with { Status = OrchestrationRuntimeStatus.Completed, Output = "\"done\"", CompletedAt = T0.AddSeconds(4), WakeAt = null };
            Assert.Equal(4, await store.CommitAsync(Episode(done, 3, 3)).WaitAsync(Patience));
            Assert.Equal(3, instances.Requests - sent);
            Assert.Equal(indexSent, index.Requests);

            index.Open();
            var page = await store.QueryAsync(new InstanceQuery());
            Assert.Equal(OrchestrationRuntimeStatus.Completed, Assert.Single(page.Instances).Status);
            Assert.Equal(4, page.Instances[0].Version);
            Assert.Empty(await store.FindDueWakeUpsAsync(T0.AddDays(1), 10));
        }
        finally
        {
            await AzureTestStores.DeleteAsync(store);
        }
    }

    [Fact]
    public async Task IndexChanges_OfManyInstancesWaitingTogether_ShareOneTransactionPerShard()
    {
        var (instances, index) = (new RequestGate(), new RequestGate());
        var store = await AzureTestStores.CreateObservedAsync(azurite, Prefix(), instances, index);
        try
        {
            var records = Enumerable.Range(0, 40).Select(i => Running($"many-{i}", T0.AddMinutes(1))).ToList();
            await Task.WhenAll(records.Select(r => store.CommitAsync(new InstanceCommit { Record = r, ExpectedVersion = 0, AppendHistory = ["h1"] })));
            await store.WhenIndexWrittenAsync();

            index.Close();
            var (transactions, indexTransactions) = (store.Transactions, store.IndexTransactions);
            await Task.WhenAll(records.Select(r => store.CommitAsync(Episode(r with { WakeAt = T0.AddMinutes(2) }, 1, 1)))).WaitAsync(Patience);
            index.Open();
            await store.WhenIndexWrittenAsync();

            // 40 transactions of their own; their 40 index changes in at most two transactions per shard (4): the one
            // that was on its way when the index was held, and the rest together.
            Assert.Equal(40, store.Transactions - transactions);
            Assert.InRange(store.IndexTransactions - indexTransactions, 1, 8);
            Assert.Equal(40, (await store.QueryAsync(new InstanceQuery { PageSize = 100 })).Instances.Count(r => r.Version == 2));
            Assert.Equal(40, (await store.FindDueWakeUpsAsync(T0.AddMinutes(2), 100)).Count);
            Assert.Empty(await store.FindDueWakeUpsAsync(T0.AddMinutes(1), 100));
        }
        finally
        {
            await AzureTestStores.DeleteAsync(store);
        }
    }

    [Fact]
    public async Task IndexChanges_OfOneInstancesConsecutiveEpisodes_ShareATransaction_AndLeaveOnlyTheLastWakeRow()
    {
        var (instances, index) = (new RequestGate(), new RequestGate());
        var store = await AzureTestStores.CreateObservedAsync(azurite, Prefix(), instances, index);
        try
        {
            var record = Running("busy", T0.AddMinutes(1));
            await store.CommitAsync(new InstanceCommit { Record = record, ExpectedVersion = 0, AppendHistory = ["h1"] });
            await store.WhenIndexWrittenAsync();

            // Ten episodes one after the other, each moving the wake-up on, while the index is slow: the changes that wait
            // together share one transaction, in which every wake row but the last is both created and deleted again.
            index.Close();
            var indexTransactions = store.IndexTransactions;
            for (var version = 1; version <= 10; version++)
            {
                await store.CommitAsync(Episode(record with { WakeAt = T0.AddMinutes(1 + version) }, version, version)).WaitAsync(Patience);
            }

            index.Open();
            await store.WhenIndexWrittenAsync();
            Assert.InRange(store.IndexTransactions - indexTransactions, 1, 3);

            Assert.Equal(11, Assert.Single((await store.QueryAsync(new InstanceQuery())).Instances).Version);
            var filter = TableClient.CreateQueryFilter($"RowKey ge {"w"} and RowKey lt {"x"}");
            var wakeRows = await store.Account.Index.QueryAsync<TableEntity>(filter).ToListAsync();
            Assert.Equal(T0.AddMinutes(11).Ticks, Assert.Single(wakeRows).GetInt64("WakeAt"));
            Assert.Empty(await store.FindDueWakeUpsAsync(T0.AddMinutes(10), 10));
            Assert.Equal(["busy"], await store.FindDueWakeUpsAsync(T0.AddMinutes(11), 10));
        }
        finally
        {
            await AzureTestStores.DeleteAsync(store);
        }
    }

    [Fact]
    public async Task Commit_ThatMakesTheInstanceDueEarlier_WritesTheWakeRowBeforeItsTransaction()
    {
        var (instances, index) = (new RequestGate(), new RequestGate());
        var store = await AzureTestStores.CreateObservedAsync(azurite, Prefix(), instances, index);
        try
        {
            var record = Running("soon", T0.AddMinutes(10));
            await store.CommitAsync(new InstanceCommit { Record = record, ExpectedVersion = 0, AppendHistory = ["h1"] });
            await store.WhenIndexWrittenAsync();

            index.Close();
            var sent = instances.Requests;
            var commit = store.CommitAsync(Episode(record with { WakeAt = T0.AddMinutes(1) }, 1, 1));
            await Eventually.UntilAsync(() => index.Held > 0, Patience, "the commit's wake row is on its way to the index");
            Assert.False(commit.IsCompleted);
            Assert.Equal(0, instances.Requests - sent);

            index.Open();
            Assert.Equal(2, await commit.WaitAsync(Patience));
            Assert.Equal(["soon"], await store.FindDueWakeUpsAsync(T0.AddMinutes(1), 10));
        }
        finally
        {
            await AzureTestStores.DeleteAsync(store);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Sweep_AfterACrashLostTheIndexChangeOfACommitThatWaitedForNone_RebuildsFromTheOldWakeRow(bool finished)
    {
        var prefix = Prefix();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var (instances, index) = (new RequestGate(), new RequestGate());
        var crashed = await AzureTestStores.CreateObservedAsync(azurite, prefix, instances, index, time);
        var record = Running("lost", T0);
        await crashed.CommitAsync(new InstanceCommit { Record = record, ExpectedVersion = 0, AppendHistory = ["h1"] });
        await crashed.WhenIndexWrittenAsync();

        // The process dies before its index change leaves: the index still says Running, due at T0.
        index.Failing = true;
        var next = finished
            ? record with { Status = OrchestrationRuntimeStatus.Completed, Output = "\"done\"", CompletedAt = T0.AddSeconds(1), WakeAt = null }
            : record with { CustomStatus = "\"step 2\"", WakeAt = T0.AddMinutes(5) };
        Assert.Equal(2, await crashed.CommitAsync(Episode(next, 1, 1)));
        await crashed.WhenIndexWrittenAsync();

        var store = await AzureTestStores.OpenAsync(azurite, prefix, time);
        try
        {
            Assert.Equal(1, Assert.Single((await store.QueryAsync(new InstanceQuery())).Instances).Version);

            // The old wake row is due and disagrees with the status row: once past the grace, the sweep rebuilds the
            // instance's index from its status row (the old row itself is not returned).
            time.Advance(AzureWorkflowStore.RepairGrace + TimeSpan.FromMinutes(1));
            Assert.Empty(await store.FindDueWakeUpsAsync(T0, 10));

            var rebuilt = Assert.Single((await store.QueryAsync(new InstanceQuery { IncludeInputsAndOutputs = true })).Instances);
            Assert.Equal(2, rebuilt.Version);
            Assert.Equal(next.Status, rebuilt.Status);
            Assert.Equal(next.CustomStatus, rebuilt.CustomStatus);
            Assert.Equal(finished ? Array.Empty<string>() : ["lost"], await store.FindDueWakeUpsAsync(T0.AddDays(1), 10));
        }
        finally
        {
            await crashed.DisposeAsync();
            await AzureTestStores.DeleteAsync(store);
        }
    }

    [Fact]
    public async Task Sweep_AfterACrashLostTheIndexChange_WakesTheInstanceAtOnce_WhenItsNewWakeUpIsDue()
    {
        var prefix = Prefix();
        var (instances, index) = (new RequestGate(), new RequestGate());
        var crashed = await AzureTestStores.CreateObservedAsync(azurite, prefix, instances, index);
        var record = Running("due", T0);
        await crashed.CommitAsync(new InstanceCommit { Record = record, ExpectedVersion = 0, AppendHistory = ["h1"] });
        await crashed.WhenIndexWrittenAsync();
        index.Failing = true;
        await crashed.CommitAsync(Episode(record with { WakeAt = T0.AddSeconds(1) }, 1, 1));
        await crashed.WhenIndexWrittenAsync();

        // Only the old wake row (T0, just written) is in the index: the sweep need not wait for it to age to wake the
        // instance, whose stored wake-up (T0 + 1 s) is due.
        var store = await AzureTestStores.OpenAsync(azurite, prefix);
        try
        {
            Assert.Equal(["due"], await store.FindDueWakeUpsAsync(T0.AddMinutes(1), 10));
            Assert.Empty(await store.FindDueWakeUpsAsync(T0.AddSeconds(0.5), 10));
        }
        finally
        {
            await crashed.DisposeAsync();
            await AzureTestStores.DeleteAsync(store);
        }
    }

    private static string Prefix() => "t" + Guid.NewGuid().ToString("N")[..12];
}
