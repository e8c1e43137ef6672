using OrleansWorkflows.ClusterTests.Fixture;
using OrleansWorkflows.ClusterTests.Workflows;
using OrleansWorkflows.Engine;
using Xunit;

namespace OrleansWorkflows.ClusterTests.Management;

[Collection(ClusterCollection.Name)]
public sealed class RetentionTests(ClusterFixture fixture)
{
    [Fact]
    public async Task RetentionPurge_RemovesFinishedInstancesCreatedBeforeTheCutoff_AndKeepsRunningOnes()
    {
        var prefix = ClusterTestExtensions.NewId("retention") + "-";
        var old = await fixture.Workflows.StartAsync("Noop", "old", prefix + "old");
        await fixture.WaitAsync(old);
        var running = await fixture.Workflows.StartAsync("Approval", new { timeoutSeconds = 300 }, prefix + "running");
        var cutoff = DateTime.UtcNow;
        var young = await fixture.Workflows.StartAsync("Noop", "young", prefix + "young");
        await fixture.WaitAsync(young);

        var deleted = await fixture.Client.GetGrain<IRetentionGrain>(0).PurgeOlderThanAsync(cutoff);

        Assert.True(deleted >= 1, $"{deleted} purged");
        Assert.Null(await fixture.Workflows.GetStatusAsync(old));
        Assert.NotNull(await fixture.Workflows.GetStatusAsync(young));
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await fixture.Workflows.GetStatusAsync(running))!.RuntimeStatus);
        await fixture.Workflows.TerminateAsync(running);
    }
}
