using OrleansWorkflows.ClusterTests.Fixture;
using OrleansWorkflows.ClusterTests.Workflows;
using Xunit;

namespace OrleansWorkflows.ClusterTests.Management;

/// <summary><see cref="WorkflowClient.GetClusterOverviewAsync"/> on the 2-silo cluster (the dashboard's cluster page reads it).</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterOverviewTests(ClusterFixture fixture) : IAsyncLifetime
{
    public Task InitializeAsync() => fixture.EnsureSilosAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task ClusterOverview_TwoSilos_BothActive_AndTheOrchestrationGrainsActivationsAreCounted()
    {
        var id = ClusterTestExtensions.NewId("overview");
        await fixture.Workflows.StartAsync("HelloSequence", null, id);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await fixture.WaitAsync(id)).RuntimeStatus);

        var overview = await fixture.Workflows.GetClusterOverviewAsync();

        var active = overview.Silos.Where(s => s.Status == "Active").Select(s => s.Address).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(fixture.Silos.Select(s => s.SiloAddress.ToString()).Order(StringComparer.Ordinal), active);
        var orchestrations = overview.Activations.Where(a => a.GrainType.Contains("orchestration", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(orchestrations.Sum(a => a.Count) >= 1, string.Join(", ", overview.Activations));
        Assert.All(orchestrations, a => Assert.Contains(a.SiloAddress, active));
    }
}
