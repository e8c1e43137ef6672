using OrleansWorkflows.ClusterTests.Fixture;
using OrleansWorkflows.ClusterTests.Workflows;
using OrleansWorkflows.Samples;
using Xunit;
using static OrleansWorkflows.ClusterTests.Entities.EntityTestWorkflows;

namespace OrleansWorkflows.ClusterTests.Entities;

/// <summary>Critical sections: no deadlock, no interleaving, locks released when the holder fails, the Transfer sample.</summary>
[Collection(ClusterCollection.Name)]
public sealed class CriticalSectionTests(ClusterFixture fixture) : IAsyncLifetime
{
    public Task InitializeAsync() => fixture.EnsureSilosAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task TwoOrchestrationsLockingTwoEntitiesInOppositeOrders_BothComplete_WithoutInterleaving()
    {
        var (x, y) = (ClusterTestExtensions.NewId("x"), ClusterTestExtensions.NewId("y"));
        var first = await fixture.Workflows.StartAsync("LockedRecords", new LockInput(x, y, 5));
        var second = await fixture.Workflows.StartAsync("LockedRecords", new LockInput(y, x, 5));

        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await fixture.WaitAsync(first)).RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await fixture.WaitAsync(second)).RuntimeStatus);
        foreach (var key in new[] { x, y })
        {
            var marks = (await fixture.Workflows.GetEntityStateAsync<RecorderState>(new EntityId(nameof(Recorder), key)))!.Marks;
            Assert.Equal(10, marks.Count);
            // One section ran entirely before the other: the marks form two blocks of five.
            Assert.Equal(2, marks.Where((m, i) => i == 0 || marks[i - 1] != m).Count());
        }
    }

    [Fact]
    public async Task LockHeldByAnOrchestrationThatFails_IsReleased()
    {
        var key = ClusterTestExtensions.NewId("orphan");
        var failed = await fixture.WaitAsync(await fixture.Workflows.StartAsync("LockThenFail", key));
        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);

        var next = await fixture.Workflows.StartAsync("LockedRecords", new LockInput(key, ClusterTestExtensions.NewId("other"), 1));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await fixture.WaitAsync(next)).RuntimeStatus);
    }

    [Fact]
    public async Task LockHeldByATerminatedOrchestration_IsReleased_AndQueuedOperationsRun()
    {
        var key = ClusterTestExtensions.NewId("terminated");
        var recorder = new EntityId(nameof(Recorder), key);
        var holder = await fixture.Workflows.StartAsync("LockAndWait", key);
        await Eventually.UntilAsync(
            async () => (await fixture.Workflows.GetEntityAsync(recorder))?.LockedBy == holder, ClusterTestExtensions.Timeout, "the holder has the lock");
        await fixture.Workflows.SignalEntityAsync(recorder, "mark", "queued");
        Assert.Equal(1, (await fixture.Workflows.GetEntityAsync(recorder))!.BacklogQueueSize);

        await fixture.Workflows.TerminateAsync(holder, "test");

        await Eventually.UntilAsync(
            async () => (await fixture.Workflows.GetEntityStateAsync<RecorderState>(recorder))!.Marks.Contains("queued"),
            ClusterTestExtensions.Timeout,
            "the queued signal ran after the lock was released");
        Assert.Null((await fixture.Workflows.GetEntityAsync(recorder))!.LockedBy);
    }

    [Fact]
    public async Task TwoHundredConcurrentTransfersAmongTenAccounts_KeepTheTotalAndNeverOverdraw()
    {
        var prefix = ClusterTestExtensions.NewId("acct");
        var accounts = Enumerable.Range(0, 10).Select(i => $"{prefix}-{i}").ToArray();
        foreach (var account in accounts)
        {
            await fixture.Workflows.SignalEntityAsync(new EntityId(nameof(Account), account), "deposit", 100);
        }

        var transfers = Enumerable.Range(0, 200).Select(i => fixture.Workflows.StartAsync(
            nameof(Transfer), new TransferRequest(accounts[i % 10], accounts[(i * 7 + 3) % 10], 20 + (i % 7) * 15)));
        var ids = await Task.WhenAll(transfers);
        var results = new List<bool>();
        foreach (var id in ids)
        {
            var status = await fixture.WaitAsync(id);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, status.RuntimeStatus);
            results.Add(status.ReadOutputAs<bool>());
        }

        var balances = new List<int>();
        foreach (var account in accounts)
        {
            balances.Add(await fixture.Workflows.GetEntityStateAsync<int>(new EntityId(nameof(Account), account)));
        }

        Assert.Equal(1000, balances.Sum());
        Assert.All(balances, b => Assert.True(b >= 0, $"balance {b}"));
        Assert.Contains(true, results);
    }
}
