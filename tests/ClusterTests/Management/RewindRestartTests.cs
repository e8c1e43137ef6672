using OrleansWorkflows.ClusterTests.Fixture;
using OrleansWorkflows.ClusterTests.Workflows;
using OrleansWorkflows.History;
using OrleansWorkflows.Runtime;
using Xunit;

namespace OrleansWorkflows.ClusterTests.Management;

[Collection(ClusterCollection.Name)]
public sealed class RewindRestartTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Rewind_FailedInstanceWhoseActivityNowSucceeds_Completes_AndKeepsItsHistory()
    {
        var id = ClusterTestExtensions.NewId("rewind");
        await fixture.Workflows.StartAsync("NeedsFix", null, id);
        var failed = await fixture.WaitAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);

        Gates.Release($"{id}/fixed");
        await fixture.Workflows.RewindAsync(id, "fixed the bug");

        var status = await fixture.WaitAsync(id);
        Assert.Equal((OrchestrationRuntimeStatus.Completed, "fixed"), (status.RuntimeStatus, status.ReadOutputAs<string>()));
        Assert.NotEqual(failed.ExecutionId, status.ExecutionId);
        var history = HistorySerializer.DeserializeHistory((await fixture.Workflows.GetHistoryAsync(id)).SerializedEvents);
        Assert.Single(history.OfType<TaskFailed>());
        Assert.Single(history.OfType<ExecutionRewound>());
        Assert.Equal(2, fixture.Probe.Count($"{id}:runs"));
    }

    [Fact]
    public async Task Rewind_RecursesIntoTheFailedSubOrchestration()
    {
        var id = ClusterTestExtensions.NewId("rewind-tree");
        await fixture.Workflows.StartAsync("ParentOfNeedsFix", null, id);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, (await fixture.WaitAsync(id)).RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, (await fixture.WaitAsync($"{id}-child")).RuntimeStatus);

        Gates.Release($"{id}/fixed");
        await fixture.Workflows.RewindAsync(id);

        Assert.Equal("fixed", (await fixture.WaitAsync(id)).ReadOutputAs<string>());
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await fixture.WaitAsync($"{id}-child")).RuntimeStatus);
    }

    [Fact]
    public async Task Rewind_NotFailed_IsNotAllowed_AndChangesNothing()
    {
        var id = await fixture.Workflows.StartAsync("Noop", "y");
        var done = await fixture.WaitAsync(id);

        var error = await Assert.ThrowsAsync<WorkflowClientException>(() => fixture.Workflows.RewindAsync(id));
        Assert.Equal(OperationOutcome.NotAllowed, error.Outcome);
        Assert.Equal(done.ExecutionId, (await fixture.Workflows.GetStatusAsync(id))!.ExecutionId);
    }

    [Fact]
    public async Task Restart_WithNewId_AndWithTheSameId_RunAgainWithTheOriginalInput()
    {
        var id = await fixture.Workflows.StartAsync("Noop", "original");
        var first = await fixture.WaitAsync(id);

        var newId = await fixture.Workflows.RestartAsync(id);
        Assert.NotEqual(id, newId);
        Assert.Equal("original", (await fixture.WaitAsync(newId)).ReadOutputAs<string>());

        var sameId = await fixture.Workflows.RestartAsync(id, restartWithNewInstanceId: false);
        Assert.Equal(id, sameId);
        var again = await fixture.WaitAsync(id);
        Assert.Equal("original", again.ReadOutputAs<string>());
        Assert.NotEqual(first.ExecutionId, again.ExecutionId);
    }

    [Fact]
    public async Task Restart_RunningInstance_IsAConflict()
    {
        var id = await fixture.Workflows.StartAsync("Approval", new { timeoutSeconds = 300 });
        var error = await Assert.ThrowsAsync<WorkflowClientException>(() => fixture.Workflows.RestartAsync(id));
        Assert.Equal(OperationOutcome.AlreadyExists, error.Outcome);
        await fixture.Workflows.TerminateAsync(id);
    }
}
