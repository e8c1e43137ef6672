using OrleansWorkflows.Runtime;
using Xunit;

namespace OrleansWorkflows.ClusterTests.Versions;

/// <summary>
/// A continue-as-new to a version the silo running the instance lacks (issue 16): the next execution follows the
/// orchestration's <see cref="MissingVersionPolicy"/> like any instance of that version — it moves to a silo that has
/// the version; when none has it, it waits (Running, saying what for, messages kept, carrying on when a silo with the
/// version joins) or fails naming the version. Each test runs a cluster of its own (<see cref="VersionedCluster"/>).
/// </summary>
public sealed class ContinueAsNewVersionTests
{
    [Fact]
    public async Task ContinueAsNew_ToAVersionNoSiloHas_WaitPolicy_NextExecutionWaitsShownAsRunning_AndCarriesOnWhenASiloWithItJoins()
    {
        await using var cluster = new VersionedCluster();
        await cluster.StartSiloAsync("first", ["1"]);
        var id = await cluster.Workflows.StartAsync(VersionedCluster.Name, null, new StartOrchestrationOptions { InstanceId = "continues-to-v2", Version = "1" });
        await cluster.Workflows.RaiseEventAsync(id, "go", VersionedCluster.ContinueAs + "2");

        var waiting = await WaitingAsync(cluster, id);
        Assert.Equal((OrchestrationRuntimeStatus.Running, "2"), (waiting.RuntimeStatus, waiting.Version));
        Assert.Equal("version '2' of orchestration 'Order', which no silo of the cluster registers", waiting.WaitingFor);
        var suspend = await Assert.ThrowsAsync<WorkflowClientException>(() => cluster.Workflows.SuspendAsync(id, "not now"));
        Assert.Equal(OperationOutcome.NotAllowed, suspend.Outcome);
        Assert.Contains("waits for version '2'", suspend.Message, StringComparison.Ordinal);
        await cluster.Workflows.RaiseEventAsync(id, "go", "kept while waiting");

        await cluster.StartSiloAsync("later", ["1", "2"]);
        var finished = await cluster.CompletionAsync(id);

        Assert.Equal(("later:2", "2", "\"first\""), (finished.ReadOutputAs<string>(), finished.Version, finished.SerializedInput));
        Assert.Null(finished.WaitingFor);
    }

    [Fact]
    public async Task ContinueAsNew_ToAVersionNoSiloHas_FailPolicy_FailsNamingTheVersion()
    {
        await using var cluster = new VersionedCluster();
        await cluster.StartSiloAsync("first", ["1"], MissingVersionPolicy.Fail);
        var id = await cluster.Workflows.StartAsync(VersionedCluster.Name, null, new StartOrchestrationOptions { InstanceId = "continues-to-v2-fails", Version = "1" });
        await cluster.Workflows.RaiseEventAsync(id, "go", VersionedCluster.ContinueAs + "2");

        var failed = await cluster.CompletionAsync(id);

        Assert.Equal((OrchestrationRuntimeStatus.Failed, "2"), (failed.RuntimeStatus, failed.Version));
        Assert.Contains("Version '2' of orchestration 'Order' is not registered", failed.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
        Assert.Null(failed.WaitingFor);
    }

    [Fact]
    public async Task ContinueAsNew_ToAVersionOnlyAnotherSiloHas_RunsTheNextExecutionThere()
    {
        await using var cluster = new VersionedCluster();
        await cluster.StartSiloAsync("a", ["1"]);
        var id = await cluster.Workflows.StartAsync(VersionedCluster.Name, null, new StartOrchestrationOptions { InstanceId = "continues-on-b", Version = "1" });
        await cluster.StartSiloAsync("b", ["1", "2"]);
        await cluster.WaitUntilKnownAsync("2", silos: 1);

        // The instance's activation is on silo a, the only silo when it started.
        await cluster.Workflows.RaiseEventAsync(id, "go", VersionedCluster.ContinueAs + "2");
        var finished = await cluster.FinishAsync(id);

        Assert.Equal(("b:2", "2", "\"a\""), (finished.ReadOutputAs<string>(), finished.Version, finished.SerializedInput));
    }

    [Fact]
    public async Task ContinueAsNew_ToAVersionNoSiloHas_TheWaitingInstanceCanBeTerminated()
    {
        await using var cluster = new VersionedCluster();
        await cluster.StartSiloAsync("first", ["1"]);
        var id = await cluster.Workflows.StartAsync(VersionedCluster.Name, null, new StartOrchestrationOptions { InstanceId = "continues-then-terminated", Version = "1" });
        await cluster.Workflows.RaiseEventAsync(id, "go", VersionedCluster.ContinueAs + "2");
        await WaitingAsync(cluster, id);

        await cluster.Workflows.TerminateAsync(id, "version 2 is not coming");
        var terminated = await cluster.CompletionAsync(id);

        Assert.Equal((OrchestrationRuntimeStatus.Terminated, "2"), (terminated.RuntimeStatus, terminated.Version));
        Assert.Null(terminated.WaitingFor);
    }

    private static Task<OrchestrationMetadata> WaitingAsync(VersionedCluster cluster, string id) =>
        cluster.StatusWhenAsync(id, s => s.WaitingFor is not null, "the next execution shows that it waits for its version");
}
