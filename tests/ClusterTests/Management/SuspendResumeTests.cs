using OrleansWorkflows.ClusterTests.Fixture;
using OrleansWorkflows.ClusterTests.Workflows;
using OrleansWorkflows.History;
using Xunit;

namespace OrleansWorkflows.ClusterTests.Management;

[Collection(ClusterCollection.Name)]
public sealed class SuspendResumeTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Suspend_WhileActivityRuns_ResultIsBuffered_ResumeCompletesOnceWithTheRightOutput()
    {
        var id = ClusterTestExtensions.NewId("suspend");
        await fixture.Workflows.StartAsync("GatedChain", 2, id);
        await fixture.WaitStartedAsync($"{id}/1");

        await fixture.Workflows.SuspendAsync(id, "maintenance");
        await fixture.Workflows.SuspendAsync(id, "again: harmless");
        Gates.Release($"{id}/1");
        await Eventually.UntilAsync(() => fixture.Probe.Count($"{id}/1:done") == 1, ClusterTestExtensions.Timeout, "the activity finished");

        // The result arrived while suspended: the instance stays where it was.
        await fixture.ForceDeactivateAsync(fixture.Client.GetGrain<Runtime.IOrchestrationGrain>(id).GetGrainId());
        var suspended = await fixture.Workflows.GetStatusAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Suspended, suspended!.RuntimeStatus);
        Assert.Equal(0, fixture.Probe.Count($"{id}/2:started"));

        await fixture.Workflows.ResumeAsync(id, "done");
        await fixture.Workflows.ResumeAsync(id, "again: harmless");
        await fixture.WaitStartedAsync($"{id}/2");
        Gates.Release($"{id}/2");

        var status = await fixture.WaitAsync(id);
        Assert.Equal([$"done {id}/1", $"done {id}/2"], status.ReadOutputAs<string[]>()!);
        Assert.Equal(1, fixture.Probe.Count($"{id}/1:started"));
        var history = HistorySerializer.DeserializeHistory((await fixture.Workflows.GetHistoryAsync(id)).SerializedEvents);
        Assert.Single(history.OfType<ExecutionSuspended>());
        Assert.Single(history.OfType<ExecutionResumed>());
        Assert.Equal(2, history.OfType<TaskCompleted>().Count());
    }

    [Fact]
    public async Task Suspended_EventsAreBuffered_AndDeliveredOnResume()
    {
        var id = await fixture.Workflows.StartAsync("Approval", new { timeoutSeconds = 300 });
        await fixture.Workflows.SuspendAsync(id);
        await fixture.Workflows.RaiseEventAsync(id, "Approval", true);
        Assert.Equal(OrchestrationRuntimeStatus.Suspended, (await fixture.Workflows.GetStatusAsync(id))!.RuntimeStatus);

        await fixture.Workflows.ResumeAsync(id);
        Assert.Equal("Approved", (await fixture.WaitAsync(id)).ReadOutputAs<string>());
    }
}
