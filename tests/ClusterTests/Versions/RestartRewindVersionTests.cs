using OrleansWorkflows.Runtime;
using Xunit;

namespace OrleansWorkflows.ClusterTests.Versions;

/// <summary>
/// A restart and a rewind keep the code an instance ran (issue 16): a restarted instance runs the version the instance
/// recorded unless another is asked for, and a child a parent's rewind starts afresh runs the version it ran, not the
/// default version of the day. Each test runs a cluster of its own (<see cref="VersionedCluster"/>).
/// </summary>
public sealed class RestartRewindVersionTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Restart_RunsTheVersionTheInstanceRan_UnlessAnotherIsAsked()
    {
        await using var cluster = new VersionedCluster();
        await cluster.StartSiloAsync("one", ["1", "2"]);
        var client = cluster.Workflows;
        var id = await client.StartAsync(VersionedCluster.Name, null, new StartOrchestrationOptions { InstanceId = "restart-v1", Version = "1" });
        Assert.Equal("one:1", (await cluster.FinishAsync(id)).ReadOutputAs<string>());

        var newId = await client.RestartAsync(id);
        var sameId = await client.RestartAsync(id, restartWithNewInstanceId: false);
        var restartedNew = await cluster.FinishAsync(newId);
        var restartedSame = await cluster.FinishAsync(sameId);
        var asked = await cluster.FinishAsync(await client.RestartAsync(id, restartWithNewInstanceId: true, "restart-as-2", version: "2"));

        Assert.Equal(("one:1", "1"), (restartedNew.ReadOutputAs<string>(), restartedNew.Version));
        Assert.Equal(("one:1", "1"), (restartedSame.ReadOutputAs<string>(), restartedSame.Version));
        Assert.Equal(("one:2", "2"), (asked.ReadOutputAs<string>(), asked.Version));
    }

    [Fact]
    public async Task Restart_AskingForAVersionNoSiloRegisters_IsRefusedNamingIt_AndStartsNothing()
    {
        await using var cluster = new VersionedCluster();
        await cluster.StartSiloAsync("one", ["1", "2"]);
        var id = await cluster.Workflows.StartAsync(VersionedCluster.Name, null, new StartOrchestrationOptions { InstanceId = "restart-v3", Version = "1" });
        await cluster.FinishAsync(id);

        var refused = await Assert.ThrowsAsync<WorkflowClientException>(
            () => cluster.Workflows.RestartAsync(id, restartWithNewInstanceId: false, "restart-as-3", version: "3"));

        Assert.Equal(OperationOutcome.UnknownOrchestration, refused.Outcome);
        Assert.Contains("Version '3' of orchestration 'Order' is not registered", refused.Message, StringComparison.Ordinal);
        var status = (await cluster.Workflows.GetStatusAsync(id))!;
        Assert.Equal((OrchestrationRuntimeStatus.Completed, "one:1"), (status.RuntimeStatus, status.ReadOutputAs<string>()));
    }

    [Fact]
    public async Task Rewind_ChildPurged_IsStartedAfreshInTheVersionTheCodeAskedForIt()
    {
        await using var cluster = new VersionedCluster();
        await cluster.StartSiloAsync("one", ["1", "2"]);
        var id = await cluster.Workflows.StartAsync(VersionedCluster.Parent, "1", "asks-v1");
        var first = await RunningAsync(cluster, $"{id}-child");
        Assert.Equal("1", first.Version);

        await RewindAfterTerminatingTheChildAsync(cluster, id, first, purge: true);

        var child = await cluster.FinishAsync($"{id}-child");
        Assert.Equal(("one:1", "1"), (child.ReadOutputAs<string>(), child.Version));
        Assert.Equal("one:1", (await FinishedAsync(cluster, id)).ReadOutputAs<string>());
    }

    [Fact]
    public async Task Rewind_ChildTerminated_AfterADeployChangedTheDefault_IsStartedAfreshInTheVersionItRan()
    {
        await using var cluster = new VersionedCluster();
        var old = await cluster.StartSiloAsync("old", ["1"]);
        var id = await cluster.Workflows.StartAsync(VersionedCluster.Parent, null, "default-v1");
        var first = await RunningAsync(cluster, $"{id}-child");
        Assert.Equal("1", first.Version); // the default version of the day

        await cluster.StartSiloAsync("new", ["1", "2"]);
        await cluster.Cluster.KillSiloAsync(old);
        await cluster.Cluster.WaitUntilDeclaredDeadAsync(old.SiloAddress);
        await RewindAfterTerminatingTheChildAsync(cluster, id, first, purge: false);

        var child = await cluster.FinishAsync($"{id}-child");
        Assert.Equal(("new:1", "1"), (child.ReadOutputAs<string>(), child.Version));
        Assert.Equal("new:1", (await FinishedAsync(cluster, id)).ReadOutputAs<string>());
    }

    [Fact]
    public async Task Rewind_ChildRefusedBeforeADeploy_IsStartedAfterIt_OnTheSiloThatHasItsVersion()
    {
        await using var cluster = new VersionedCluster();
        await cluster.StartSiloAsync("a", ["1"]);
        var parents = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => cluster.Workflows.StartAsync(VersionedCluster.Parent, "2", $"before-deploy-{i}")));
        foreach (var id in parents)
        {
            var refused = await FinishedAsync(cluster, id);
            Assert.Contains("Version '2' of orchestration 'Order' is not registered", refused.FailureDetails!.ToString(), StringComparison.Ordinal);
            Assert.Null(await cluster.Workflows.GetStatusAsync($"{id}-child")); // never created (this read drops its activation)
        }

        // The deploy: silo b has version 2; the parents stay on silo a, whose code lacks it.
        await cluster.StartSiloAsync("b", ["1", "2"]);
        await cluster.WaitUntilKnownAsync("2", silos: 1);
        await cluster.WaitUntilKnownAsync("1", silos: 2);
        await Task.WhenAll(parents.Select(id => cluster.Workflows.RewindAsync(id, "version 2 is deployed")));

        foreach (var id in parents)
        {
            var (child, parent) = await Eventually.ValueAsync(
                async () =>
                {
                    var again = await cluster.Workflows.GetStatusAsync($"{id}-child");
                    var rewound = (await cluster.Workflows.GetStatusAsync(id))!;
                    var settled = again is not null || rewound.RuntimeStatus == OrchestrationRuntimeStatus.Failed;
                    return (settled, (again, rewound), $"child {again?.RuntimeStatus}, parent {rewound.RuntimeStatus}");
                },
                Patience,
                $"the child of '{id}' is started (or its parent fails again)");
            Assert.True(child is not null, $"parent {parent.RuntimeStatus}: {parent.FailureDetails}");
            Assert.Equal(("b:2", "2"), ((await cluster.FinishAsync(child.InstanceId)).ReadOutputAs<string>(), child.Version));
            Assert.Equal("b:2", (await FinishedAsync(cluster, id)).ReadOutputAs<string>());
        }
    }

    /// <summary>Terminates the parent's child (and purges it when <paramref name="purge"/>), waits for the parent to fail
    /// of it, rewinds the parent and waits until the child runs again.</summary>
    private static async Task RewindAfterTerminatingTheChildAsync(VersionedCluster cluster, string id, OrchestrationMetadata first, bool purge)
    {
        await cluster.Workflows.TerminateAsync(first.InstanceId, "operator");
        Assert.Equal(OrchestrationRuntimeStatus.Failed, (await FinishedAsync(cluster, id)).RuntimeStatus);
        if (purge)
        {
            Assert.Equal(1, await cluster.Workflows.PurgeInstanceAsync(first.InstanceId));
        }

        await cluster.Workflows.RewindAsync(id, "run the child again");
        await cluster.StatusWhenAsync(
            first.InstanceId, s => s.RuntimeStatus == OrchestrationRuntimeStatus.Running && s.ExecutionId != first.ExecutionId, "the child runs again");
    }

    private static Task<OrchestrationMetadata> RunningAsync(VersionedCluster cluster, string id) =>
        cluster.StatusWhenAsync(id, s => s.RuntimeStatus == OrchestrationRuntimeStatus.Running, $"instance '{id}' runs");

    private static Task<OrchestrationMetadata> FinishedAsync(VersionedCluster cluster, string id) => cluster.CompletionAsync(id);
}
