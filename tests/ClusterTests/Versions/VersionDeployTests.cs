using Xunit;

namespace OrleansWorkflows.ClusterTests.Versions;

/// <summary>
/// Versions 1 and 2 of one orchestration across deploys (issue 16): old instances finish on the version they started
/// with, new ones start on the new default, no instance runs on a silo that lacks its version, and an instance whose
/// version no silo registers waits (resuming when a silo with it joins) or fails, as its orchestration's policy says.
/// Each test runs a cluster of its own (<see cref="VersionedCluster"/>).
/// </summary>
public sealed class VersionDeployTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task SiloReplacedWithVersion2_OldInstancesFinishOnVersion1_NewOnesStartOnVersion2()
    {
        await using var cluster = new VersionedCluster();
        var old = await cluster.StartSiloAsync("old", ["1"]);
        var first = await cluster.Workflows.StartAsync(VersionedCluster.Name, null, "deploy-old");

        await cluster.StartSiloAsync("new", ["1", "2"]);
        await cluster.Cluster.KillSiloAsync(old);
        await cluster.Cluster.WaitUntilDeclaredDeadAsync(old.SiloAddress);
        var second = await cluster.Workflows.StartAsync(VersionedCluster.Name, null, "deploy-new");

        var finishedOld = await cluster.FinishAsync(first);
        var finishedNew = await cluster.FinishAsync(second);
        Assert.Equal(("new:1", "1"), (finishedOld.ReadOutputAs<string>(), finishedOld.Version));
        Assert.Equal(("new:2", "2"), (finishedNew.ReadOutputAs<string>(), finishedNew.Version));
    }

    [Fact]
    public async Task RollingDeploy_OneSiloWithoutVersion2_NoInstanceRunsOnASiloThatLacksItsVersion()
    {
        await using var cluster = new VersionedCluster();
        await cluster.StartSiloAsync("a", ["1"]);
        await cluster.StartSiloAsync("b", ["1", "2"]);
        await cluster.WaitUntilKnownAsync("2", silos: 1);
        await cluster.WaitUntilKnownAsync("1", silos: 2);
        var client = cluster.Workflows;

        var v2 = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            client.StartAsync(VersionedCluster.Name, null, new StartOrchestrationOptions { InstanceId = $"roll-v2-{i}", Version = "2" })));
        var v1 = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            client.StartAsync(VersionedCluster.Name, null, new StartOrchestrationOptions { InstanceId = $"roll-v1-{i}", Version = "1" })));
        var unasked = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => client.StartAsync(VersionedCluster.Name, null, $"roll-default-{i}")));

        // Every activation is dropped: the next call places each instance again, from its stored version.
        await cluster.Cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        var outputs = new Dictionary<string, (string? Output, string? Version)>();
        foreach (var id in v2.Concat(v1).Concat(unasked))
        {
            var status = await cluster.FinishAsync(id);
            outputs[id] = (status.ReadOutputAs<string>(), status.Version);
        }

        Assert.All(v2, id => Assert.Equal(("b:2", "2"), outputs[id]));
        Assert.All(v1, id => Assert.Contains(outputs[id], new (string?, string?)[] { ("a:1", "1"), ("b:1", "1") }));
        Assert.All(unasked, id => Assert.Contains(outputs[id], new (string?, string?)[] { ("a:1", "1"), ("b:2", "2") }));
    }

    [Fact]
    public async Task WaitPolicy_InstanceWhoseVersionNoSiloHas_WaitsShownInStatus_AndResumesWhenASiloWithItJoins()
    {
        await using var cluster = new VersionedCluster();
        var first = await cluster.StartSiloAsync("first", ["1", "2"]);
        var id = await cluster.Workflows.StartAsync(VersionedCluster.Name, null, new StartOrchestrationOptions { InstanceId = "waits-for-v2", Version = "2" });
        await cluster.StartSiloAsync("v1-only", ["1"]);
        await cluster.Cluster.KillSiloAsync(first);
        await cluster.Cluster.WaitUntilDeclaredDeadAsync(first.SiloAddress);

        var waiting = await Eventually.ValueAsync(
            async () =>
            {
                var status = await cluster.Workflows.GetStatusAsync(id);
                return (status?.WaitingFor is not null, status, $"{status?.RuntimeStatus} waiting for {status?.WaitingFor}");
            },
            Patience,
            "the instance shows that it waits for its version");
        Assert.Equal(OrchestrationRuntimeStatus.Running, waiting!.RuntimeStatus);
        Assert.Equal("version '2' of orchestration 'Order', which no silo of the cluster registers", waiting.WaitingFor);
        await cluster.Workflows.RaiseEventAsync(id, "go", "kept while waiting");

        await cluster.StartSiloAsync("later", ["1", "2"]);
        using var patience = new CancellationTokenSource(Patience);
        var finished = await cluster.Workflows.WaitForCompletionAsync(id, patience.Token);

        Assert.Equal(("later:2", "2"), (finished.ReadOutputAs<string>(), finished.Version));
        Assert.Null(finished.WaitingFor);
    }

    [Fact]
    public async Task FailPolicy_InstanceWhoseVersionNoSiloHas_FailsNamingTheVersion()
    {
        await using var cluster = new VersionedCluster();
        var first = await cluster.StartSiloAsync("first", ["1", "2"], MissingVersionPolicy.Fail);
        var id = await cluster.Workflows.StartAsync(VersionedCluster.Name, null, new StartOrchestrationOptions { InstanceId = "fails-without-v2", Version = "2" });
        await cluster.StartSiloAsync("v1-only", ["1"], MissingVersionPolicy.Fail);
        await cluster.Cluster.KillSiloAsync(first);
        await cluster.Cluster.WaitUntilDeclaredDeadAsync(first.SiloAddress);

        var failed = await Eventually.ValueAsync(
            async () =>
            {
                var status = await cluster.Workflows.GetStatusAsync(id);
                return (status?.RuntimeStatus == OrchestrationRuntimeStatus.Failed, status, $"{status?.RuntimeStatus}");
            },
            Patience,
            "the instance fails");

        Assert.Contains("Version '2' of orchestration 'Order' is not registered", failed!.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
        Assert.Null(failed.WaitingFor);
    }
}
