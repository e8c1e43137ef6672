using OrleansWorkflows.ClusterTests.Fixture;
using OrleansWorkflows.ClusterTests.Workflows;
using Xunit;
using static OrleansWorkflows.ClusterTests.Entities.EntityTestWorkflows;

namespace OrleansWorkflows.ClusterTests.Entities;

/// <summary>Calls from orchestrations: results, failures with rollback, unknown entities, deleted entities.</summary>
[Collection(ClusterCollection.Name)]
public sealed class EntityCallTests(ClusterFixture fixture) : IAsyncLifetime
{
    public Task InitializeAsync() => fixture.EnsureSilosAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task CallFromAnOrchestration_ReturnsTheResult()
    {
        var key = ClusterTestExtensions.NewId("call");
        var id = await fixture.Workflows.StartAsync("AddThenGet", key);

        var status = await fixture.WaitAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, status.RuntimeStatus);
        Assert.Equal(5, status.ReadOutputAs<int>());
        Assert.Equal(5, await fixture.Workflows.GetEntityStateAsync<int>(new EntityId("Counter", key)));
    }

    [Fact]
    public async Task ThrowingOperation_SurfacesAsTaskFailedException_AndLeavesStateUnchanged()
    {
        var key = ClusterTestExtensions.NewId("faulty");
        var status = await fixture.WaitAsync(await fixture.Workflows.StartAsync("CallFaulty", key));

        var outcome = status.ReadOutputAs<FaultyOutcome>()!;
        Assert.Equal("System.InvalidOperationException: refusing 99", outcome.Caught);
        Assert.Equal(1, outcome.ValueAfter);
        Assert.Equal(1, await fixture.Workflows.GetEntityStateAsync<int>(new EntityId(nameof(Faulty), key)));
    }

    [Fact]
    public async Task EntityStartingAnOrchestrationThatCallsEntities_CompletesTheCycleWithoutDeadlock()
    {
        var key = ClusterTestExtensions.NewId("cycle");
        var caller = await fixture.WaitAsync(await fixture.Workflows.StartAsync("CallSpawner", key));
        Assert.Equal($"spawned-{key}", caller.ReadOutputAs<string>());

        // The entity's start goes out through its outbox after the operation commits: it may land a moment later.
        await Eventually.UntilAsync(
            async () => await fixture.Workflows.GetStatusAsync($"spawned-{key}") is not null, ClusterTestExtensions.Timeout, "the spawned orchestration exists");
        var spawned = await fixture.WaitAsync($"spawned-{key}");
        Assert.Equal(OrchestrationRuntimeStatus.Completed, spawned.RuntimeStatus);
        Assert.True(spawned.ReadOutputAs<int>() is 5 or 105, $"the spawned orchestration saw {spawned.SerializedOutput}");
        await Eventually.UntilAsync(
            async () => await fixture.Workflows.GetEntityStateAsync<int>(new EntityId("Counter", key)) == 105, ClusterTestExtensions.Timeout, "the counter reached 105");
    }

    [Fact]
    public async Task CallToAnUnregisteredEntityName_FailsTheCallClearly()
    {
        var status = await fixture.WaitAsync(await fixture.Workflows.StartAsync("CallUnknownEntity"));
        Assert.Equal("No entity named 'nosuchentity' is registered.", status.ReadOutputAs<string>());
    }

    [Fact]
    public async Task DeletedEntity_ReadsAsMissing_ReadingDoesNotRecreateIt_AndAWriteDoes()
    {
        var counter = new EntityId("Counter", ClusterTestExtensions.NewId("delete"));
        await fixture.Workflows.SignalEntityAsync(counter, "add", 3);
        await Eventually.UntilAsync(async () => await fixture.Workflows.GetEntityAsync(counter) is not null, ClusterTestExtensions.Timeout, "the counter exists");

        await fixture.Workflows.SignalEntityAsync(counter, "delete");
        await Eventually.UntilAsync(async () => await fixture.Workflows.GetEntityAsync(counter) is null, ClusterTestExtensions.Timeout, "the counter is deleted");
        await fixture.Workflows.SignalEntityAsync(counter, "get");
        await fixture.Workflows.SignalEntityAsync(counter, "add", 2);

        await Eventually.UntilAsync(
            async () => await fixture.Workflows.GetEntityStateAsync<int>(counter) == 2, ClusterTestExtensions.Timeout, "the counter exists again with 2");
    }
}
