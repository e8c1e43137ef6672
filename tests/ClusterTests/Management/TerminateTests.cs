using OrleansWorkflows.ClusterTests.Fixture;
using OrleansWorkflows.ClusterTests.Workflows;
using OrleansWorkflows.History;
using OrleansWorkflows.Runtime;
using Xunit;

namespace OrleansWorkflows.ClusterTests.Management;

[Collection(ClusterCollection.Name)]
public sealed class TerminateTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Terminate_RunningInstance_IsTerminatedWithTheReason_AndItsLateActivityResultIsIgnored()
    {
        var id = ClusterTestExtensions.NewId("terminate");
        await fixture.Workflows.StartAsync("GatedChain", 2, id);
        await fixture.WaitStartedAsync($"{id}/1");

        await fixture.Workflows.TerminateAsync(id, "operator said stop");
        Gates.Release($"{id}/1");
        await Eventually.UntilAsync(() => fixture.Probe.Count($"{id}/1:done") == 1, ClusterTestExtensions.Timeout, "the activity finished");

        var status = await fixture.WaitAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, status.RuntimeStatus);
        Assert.Equal("operator said stop", status.ReadOutputAs<string>());
        var history = HistorySerializer.DeserializeHistory((await fixture.Workflows.GetHistoryAsync(id)).SerializedEvents);
        Assert.IsType<ExecutionCompleted>(history[^1]);
        Assert.Empty(history.OfType<TaskCompleted>());
        Assert.Equal(0, fixture.Probe.Count($"{id}/2:started"));
    }

    [Fact]
    public async Task TerminateRecursive_TerminatesRunningChildren()
    {
        var id = ClusterTestExtensions.NewId("terminate-tree");
        await fixture.Workflows.StartAsync("ParentOfGatedChildren", null, id);
        await fixture.WaitStartedAsync($"{id}-a/1");
        await fixture.WaitStartedAsync($"{id}-b/1");

        await fixture.Workflows.TerminateAsync(id, "tree", recursive: true);

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, (await fixture.WaitAsync(id)).RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, (await fixture.WaitAsync($"{id}-a")).RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, (await fixture.WaitAsync($"{id}-b")).RuntimeStatus);
    }

    [Fact]
    public async Task TerminateNonRecursive_LeavesChildrenRunning_AndTheirResultsAreDropped()
    {
        var id = ClusterTestExtensions.NewId("terminate-parent");
        await fixture.Workflows.StartAsync("ParentOfGatedChildren", null, id);
        await fixture.WaitStartedAsync($"{id}-a/1");
        await fixture.WaitStartedAsync($"{id}-b/1");

        await fixture.Workflows.TerminateAsync(id, "parent only");
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await fixture.Workflows.GetStatusAsync($"{id}-a"))!.RuntimeStatus);
        Gates.Release($"{id}-a/1");
        Gates.Release($"{id}-b/1");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await fixture.WaitAsync($"{id}-a")).RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await fixture.WaitAsync($"{id}-b")).RuntimeStatus);
        var parent = await fixture.Workflows.GetStatusAsync(id);
        Assert.Equal((OrchestrationRuntimeStatus.Terminated, "parent only"), (parent!.RuntimeStatus, parent.ReadOutputAs<string>()));
    }

    [Fact]
    public async Task Terminate_UnknownOrFinished_GivesTypedErrors()
    {
        var missing = await Assert.ThrowsAsync<WorkflowClientException>(() => fixture.Workflows.TerminateAsync("no-such-instance-t"));
        Assert.Equal(OperationOutcome.NotFound, missing.Outcome);

        var id = await fixture.Workflows.StartAsync("Noop", "x");
        await fixture.WaitAsync(id);
        var finished = await Assert.ThrowsAsync<WorkflowClientException>(() => fixture.Workflows.TerminateAsync(id));
        Assert.Equal(OperationOutcome.InstanceFinished, finished.Outcome);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await fixture.Workflows.GetStatusAsync(id))!.RuntimeStatus);
    }
}
