using OrleansWorkflows.ClusterTests.Fixture;
using OrleansWorkflows.ClusterTests.Workflows;
using OrleansWorkflows.Runtime;
using Xunit;

namespace OrleansWorkflows.ClusterTests.Entities;

/// <summary>Entity state and queued messages survive deactivation and a killed silo.</summary>
[Collection(ClusterCollection.Name)]
public sealed class EntityDurabilityTests(ClusterFixture fixture) : IAsyncLifetime
{
    public Task InitializeAsync() => fixture.EnsureSilosAsync();

    public Task DisposeAsync() => fixture.EnsureSilosAsync();

    [Fact]
    public async Task State_SurvivesDeactivationAndAKilledHostSilo()
    {
        var counter = new EntityId("Counter", ClusterTestExtensions.NewId("durable"));
        var grainId = fixture.Client.GetGrain<IEntityGrain>(counter.ToString()).GetGrainId();
        await SignalManyAsync(counter, 20);
        await WaitForAsync(counter, 20);

        await fixture.ForceDeactivateAsync(grainId);
        Assert.Equal(20, await fixture.Workflows.GetEntityStateAsync<int>(counter));

        var host = fixture.FindHostingSilo(grainId) ?? throw new InvalidOperationException("The entity is not active anywhere.");
        await fixture.KillSiloAsync(host);
        await SignalManyAsync(counter, 5);
        await WaitForAsync(counter, 25);
        Assert.NotEqual(host.SiloAddress, fixture.FindHostingSilo(grainId)?.SiloAddress);
    }

    [Fact]
    public async Task OrchestrationWaitingOnAnEntityCall_CompletesAfterTheEntityIsDeactivated()
    {
        var key = ClusterTestExtensions.NewId("deactivate-call");
        await fixture.ForceDeactivateAsync(fixture.Client.GetGrain<IEntityGrain>(new EntityId("Counter", key).ToString()).GetGrainId());
        var id = await fixture.Workflows.StartAsync("AddThenGet", key);
        await fixture.ForceDeactivateAsync(fixture.Client.GetGrain<IEntityGrain>(new EntityId("Counter", key).ToString()).GetGrainId());

        Assert.Equal(5, (await fixture.WaitAsync(id)).ReadOutputAs<int>());
    }

    private async Task SignalManyAsync(EntityId counter, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await fixture.Workflows.SignalEntityAsync(counter, "add", 1);
        }
    }

    private Task WaitForAsync(EntityId counter, int expected) => Eventually.UntilAsync(
        async () => await fixture.Workflows.GetEntityStateAsync<int>(counter) == expected,
        ClusterTestExtensions.Timeout,
        $"{counter} reached {expected}");
}
