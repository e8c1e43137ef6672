using OrleansWorkflows.ClusterTests.Fixture;
using OrleansWorkflows.History;
using OrleansWorkflows.Runtime;
using Xunit;

namespace OrleansWorkflows.ClusterTests.Workflows;

[Collection(ClusterCollection.Name)]
public sealed class EngineBehaviourTests(ClusterFixture fixture)
{
    [Fact]
    public async Task SubOrchestrationFailure_IsCaughtByTheParent_WithTheChildsFailureDetails()
    {
        var id = await fixture.Workflows.StartAsync("ParentCatchesChild");
        var status = await fixture.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, status.RuntimeStatus);
        Assert.Equal("caught FailingChild: failed: child work", status.ReadOutputAs<string>());
        var child = await fixture.Workflows.GetStatusAsync($"{id}:0");
        Assert.Equal(OrchestrationRuntimeStatus.Failed, child!.RuntimeStatus);
        Assert.Equal(id, child.ParentInstanceId);
    }

    [Fact]
    public async Task ActivityFailure_TriggersCompensation_InOrder()
    {
        var id = await fixture.Workflows.StartAsync("Compensating");
        var status = await fixture.WaitAsync(id);

        Assert.Equal("compensated", status.ReadOutputAs<string>());
        Assert.Equal(["debit", "refund"], fixture.Probe.Records(id));
    }

    [Fact]
    public async Task UnhandledActivityFailure_FailsTheInstance_WithFailureDetailsAsOutput()
    {
        var id = await fixture.Workflows.StartAsync("FailingChild");
        var status = await fixture.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, status.RuntimeStatus);
        Assert.Equal(typeof(TaskFailedException).FullName, status.FailureDetails!.ErrorType);
        Assert.Equal("failed: child work", status.FailureDetails.InnerFailure!.ErrorMessage);
        Assert.Contains("failed: child work", status.SerializedOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EventRaisedBeforeTheWait_IsStillReceived()
    {
        var id = await fixture.Workflows.StartAsync("StepThenWait");
        await fixture.WaitStartedAsync($"{id}/1");
        await fixture.Workflows.RaiseEventAsync(id, "Go", "early bird");
        Gates.Release($"{id}/1");

        var status = await fixture.WaitAsync(id);
        Assert.Equal("early bird", status.ReadOutputAs<string>());
    }

    [Fact]
    public async Task LateActivityResult_FromThePreviousExecution_IsIgnoredAfterContinueAsNew()
    {
        var id = await fixture.Workflows.StartAsync("ContinueWhileActivityRuns", 1);
        await fixture.WaitStartedAsync($"{id}/gen1");
        var first = await fixture.Workflows.GetStatusAsync(id);
        await fixture.Workflows.RaiseEventAsync(id, "next");
        await fixture.WaitStartedAsync($"{id}/gen2");

        // The first execution's activity (task 0) now reports; the second execution also waits on its task 0.
        Gates.Release($"{id}/gen1");
        await Eventually.UntilAsync(() => fixture.Probe.Count($"{id}/gen1:done") == 1, ClusterTestExtensions.Timeout, "gen1 activity finished");
        var running = await fixture.Workflows.GetStatusAsync(id, includeHistory: true);
        Assert.Equal(OrchestrationRuntimeStatus.Running, running!.RuntimeStatus);
        Assert.NotEqual(first!.ExecutionId, running.ExecutionId);

        Gates.Release($"{id}/gen2");
        var status = await fixture.WaitAsync(id);
        Assert.Equal($"done {id}/gen2", status.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Start_WithARunningId_IsAConflict_AndChangesNothing()
    {
        var id = ClusterTestExtensions.NewId("conflict");
        await fixture.Workflows.StartAsync("Approval", new { timeoutSeconds = 300 }, id);
        var before = await fixture.Workflows.GetStatusAsync(id);

        var error = await Assert.ThrowsAsync<WorkflowClientException>(() => fixture.Workflows.StartAsync("HelloSequence", null, id));
        Assert.Equal(OperationOutcome.AlreadyExists, error.Outcome);
        var after = await fixture.Workflows.GetStatusAsync(id);
        Assert.Equal((before!.Name, before.ExecutionId, before.RuntimeStatus), (after!.Name, after.ExecutionId, after.RuntimeStatus));
        await fixture.Workflows.RaiseEventAsync(id, "Approval", true);
        await fixture.WaitAsync(id);
    }

    [Fact]
    public async Task ConcurrentStarts_OfOneId_ExactlyOneWins()
    {
        var id = ClusterTestExtensions.NewId("race");
        var attempts = Enumerable.Range(0, 8).Select(_ => TryStartAsync(id)).ToList();
        var outcomes = await Task.WhenAll(attempts);

        Assert.Equal(1, outcomes.Count(o => o == OperationOutcome.Accepted));
        Assert.Equal(7, outcomes.Count(o => o == OperationOutcome.AlreadyExists));
        await fixture.Workflows.RaiseEventAsync(id, "Approval", false);
        Assert.Equal("Rejected", (await fixture.WaitAsync(id)).ReadOutputAs<string>());
    }

    [Fact]
    public async Task Start_ReusingAFinishedId_ReplacesItsHistoryWithANewExecution()
    {
        var id = ClusterTestExtensions.NewId("reuse");
        await fixture.Workflows.StartAsync("HelloSequence", null, id);
        var first = await fixture.WaitAsync(id);
        await fixture.Workflows.StartAsync("FanOutFanIn", 3, id);
        var second = await fixture.WaitAsync(id);

        Assert.NotEqual(first.ExecutionId, second.ExecutionId);
        Assert.Equal(("FanOutFanIn", 14L), (second.Name, second.ReadOutputAs<long>()));
        var history = HistorySerializer.DeserializeHistory((await fixture.Workflows.GetStatusAsync(id, includeHistory: true))!.SerializedHistory!);
        Assert.Equal("FanOutFanIn", Assert.Single(history.OfType<ExecutionStarted>()).Name);
    }

    [Fact]
    public async Task BadInput_GetsTypedErrors_AndCreatesNothing()
    {
        var unknown = await Assert.ThrowsAsync<WorkflowClientException>(() => fixture.Workflows.StartAsync("NoSuchOrchestration", null, "bad-name"));
        Assert.Equal(OperationOutcome.UnknownOrchestration, unknown.Outcome);
        Assert.Null(await fixture.Workflows.GetStatusAsync("bad-name"));

        foreach (var badId in new[] { "@entity", "a/b", "a#b", "what?", new string('x', 257), "tab\there" })
        {
            var error = await Assert.ThrowsAsync<WorkflowClientException>(() => fixture.Workflows.StartAsync("HelloSequence", null, badId));
            Assert.Equal(OperationOutcome.InvalidInput, error.Outcome);
        }

        var badJson = await Assert.ThrowsAsync<WorkflowClientException>(() => fixture.Workflows.StartJsonAsync("HelloSequence", "{not json", "bad-json"));
        Assert.Equal(OperationOutcome.InvalidInput, badJson.Outcome);
        Assert.Null(await fixture.Workflows.GetStatusAsync("bad-json"));

        var missing = await Assert.ThrowsAsync<WorkflowClientException>(() => fixture.Workflows.RaiseEventAsync("no-such-instance", "Go"));
        Assert.Equal(OperationOutcome.NotFound, missing.Outcome);

        var done = await fixture.Workflows.StartAsync("HelloSequence");
        await fixture.WaitAsync(done);
        var finished = await Assert.ThrowsAsync<WorkflowClientException>(() => fixture.Workflows.RaiseEventAsync(done, "Go"));
        Assert.Equal(OperationOutcome.InstanceFinished, finished.Outcome);
    }

    private async Task<OperationOutcome> TryStartAsync(string id)
    {
        try
        {
            await fixture.Workflows.StartAsync("Approval", new { timeoutSeconds = 300 }, id);
            return OperationOutcome.Accepted;
        }
        catch (WorkflowClientException ex)
        {
            return ex.Outcome;
        }
    }
}
