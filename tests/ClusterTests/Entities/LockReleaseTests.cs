using OrleansWorkflows.ClusterTests.Fixture;
using OrleansWorkflows.ClusterTests.Workflows;
using OrleansWorkflows.Runtime;
using Xunit;
using static OrleansWorkflows.ClusterTests.Entities.EntityTestWorkflows;

namespace OrleansWorkflows.ClusterTests.Entities;

/// <summary>Locks recorded in history are released on every terminal path; a rewind never reopens a critical section.</summary>
[Collection(ClusterCollection.Name)]
public sealed class LockReleaseTests(ClusterFixture fixture) : IAsyncLifetime
{
    public Task InitializeAsync() => fixture.EnsureSilosAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task LockHolderThatFailsOnReplay_ReleasesTheLocksItsHistoryHolds_AndAnotherCallerGetsTheEntity()
    {
        var key = ClusterTestExtensions.NewId("replay-fail");
        var recorder = new EntityId(nameof(Recorder), key);
        var holder = await fixture.Workflows.StartAsync("SwappableLockHolder", key);
        await Eventually.UntilAsync(
            async () => (await fixture.Workflows.GetEntityStateAsync<RecorderState>(recorder))?.Marks.Contains(holder) == true,
            ClusterTestExtensions.Timeout,
            "the holder marked the recorder inside its section");
        Assert.Equal(holder, (await fixture.Workflows.GetEntityAsync(recorder))!.LockedBy);

        // A non-deterministic change is deployed; the holder's next activation replays its history with the new code.
        SwappedCode.Swap(holder);
        await fixture.ForceDeactivateAsync(fixture.Client.GetGrain<IOrchestrationGrain>(holder).GetGrainId());
        var failed = await fixture.WaitAsync(holder);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);
        Assert.Contains("non-determinis", failed.FailureDetails!.ErrorMessage, StringComparison.OrdinalIgnoreCase);

        var next = await fixture.Workflows.StartAsync("LockedRecords", new LockInput(key, ClusterTestExtensions.NewId("other"), 1));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await fixture.WaitAsync(next)).RuntimeStatus);
        Assert.Contains(next, (await fixture.Workflows.GetEntityStateAsync<RecorderState>(recorder))!.Marks);

        // The unlock is a one-way message sent after the completion commit: the entity lets go a moment later.
        await Eventually.UntilAsync(
            async () => (await fixture.Workflows.GetEntityAsync(recorder))!.LockedBy is null,
            ClusterTestExtensions.Timeout,
            "the second caller's unlock reached the recorder");
    }

    [Fact]
    public async Task Rewind_OfAnInstanceThatFailedInsideACriticalSection_IsRefusedClearly_AndChangesNothing()
    {
        var key = ClusterTestExtensions.NewId("section-rewind");
        var recorder = new EntityId(nameof(Recorder), key);
        var id = await fixture.Workflows.StartAsync("FailsInsideSection", key);
        var failed = await fixture.WaitAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);
        Gates.Release($"{id}/fixed");

        // Its lock was released when it failed: a rewind would run the rest of the section without holding it.
        var error = await Assert.ThrowsAsync<WorkflowClientException>(() => fixture.Workflows.RewindAsync(id, "fixed"));
        Assert.Equal(OperationOutcome.NotAllowed, error.Outcome);
        Assert.Contains("critical section", error.Message, StringComparison.Ordinal);
        Assert.Contains(recorder.ToString(), error.Message, StringComparison.Ordinal);

        var after = (await fixture.Workflows.GetStatusAsync(id))!;
        Assert.Equal((OrchestrationRuntimeStatus.Failed, failed.ExecutionId), (after.RuntimeStatus, after.ExecutionId));
        await Eventually.UntilAsync(
            async () => (await fixture.Workflows.GetEntityAsync(recorder))?.LockedBy is null,
            ClusterTestExtensions.Timeout,
            "the failed holder's unlock reached the recorder");
        Assert.DoesNotContain(id, (await fixture.Workflows.GetEntityStateAsync<RecorderState>(recorder))?.Marks ?? []);
    }
}
