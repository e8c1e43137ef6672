using OrleansWorkflows.ClusterTests.Fixture;
using OrleansWorkflows.ClusterTests.Workflows;
using OrleansWorkflows.Runtime;
using Xunit;
using static OrleansWorkflows.ClusterTests.Entities.EntityTestWorkflows;

namespace OrleansWorkflows.ClusterTests.Management;

/// <summary>
/// An entity call still open when the instance failed: the entity runs the operation once and answers the execution
/// that called it. Whether that answer arrives after the rewind (addressed to the execution the rewind replaced) or
/// while the instance is still Failed, the rewound instance receives it, never runs the operation again, and completes.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class RewindEntityCallTests(ClusterFixture fixture) : IAsyncLifetime
{
    public Task InitializeAsync() => fixture.EnsureSilosAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    internal static void Register(WorkflowRegistry registry)
    {
        // Calls Counter(input).add(5) and, while that call is open, an activity that fails until the test fixes it.
        registry.AddOrchestrator("EntityCallOpenAtFailure", async ctx =>
        {
            var counter = new EntityId("Counter", ctx.GetInput<string>()!);
            var add = ctx.CallEntityAsync(counter, "add", 5);
            var fixedStep = await ctx.CallActivityAsync<string>("FailsUntilFixed", ctx.InstanceId);
            await add;
            return $"{fixedStep} {await ctx.CallEntityAsync<int>(counter, "get")}";
        });

        // Asks for Recorder(input)'s lock and, while the grant is pending, calls an activity that fails until fixed.
        registry.AddOrchestrator("LockRequestOpenAtFailure", async ctx =>
        {
            var recorder = new EntityId(nameof(Recorder), ctx.GetInput<string>()!);
            var locking = ctx.LockEntitiesAsync(recorder);
            var fixedStep = await ctx.CallActivityAsync<string>("FailsUntilFixed", ctx.InstanceId);
            await using (await locking)
            {
                await ctx.CallEntityAsync(recorder, "mark", ctx.InstanceId);
            }

            return fixedStep;
        });
    }

    [Fact]
    public async Task AnswerArrivingAfterTheRewind_ReachesTheRewoundExecution_AndTheOperationRanOnce()
    {
        var (id, counter, answer) = await StartWithTheAnswerHeldAsync("rewind-entity-after");
        var failed = await fixture.WaitAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);
        Gates.Release($"{id}/fixed");

        await fixture.Workflows.RewindAsync(id, "fixed");
        answer.Release(); // the entity commits the operation and answers the execution that called it (the failed one)

        var done = await fixture.WaitAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.NotEqual(failed.ExecutionId, done.ExecutionId);
        Assert.Equal("fixed 5", done.ReadOutputAs<string>());
        Assert.Equal(5, await fixture.Workflows.GetEntityStateAsync<int>(counter));
    }

    [Fact]
    public async Task AnswerArrivingWhileFailed_IsKeptDurablyForTheRewind_AndTheOperationRanOnce()
    {
        var (id, counter, answer) = await StartWithTheAnswerHeldAsync("rewind-entity-while-failed");
        var failed = await fixture.WaitAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);

        answer.Release();
        await Eventually.UntilAsync(
            async () => (await fixture.Store.LoadAsync(counter.ToString()))?.Outbox.Count == 0,
            ClusterTestExtensions.Timeout,
            "the entity delivered its answer to the failed instance");
        Assert.Equal(OrchestrationRuntimeStatus.Failed, (await fixture.Workflows.GetStatusAsync(id))!.RuntimeStatus);
        await fixture.ForceDeactivateAsync(fixture.Client.GetGrain<IOrchestrationGrain>(id).GetGrainId()); // kept durably
        Gates.Release($"{id}/fixed");

        await fixture.Workflows.RewindAsync(id, "fixed");

        var done = await fixture.WaitAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("fixed 5", done.ReadOutputAs<string>());
        Assert.Equal(5, await fixture.Workflows.GetEntityStateAsync<int>(counter));
    }

    [Fact]
    public async Task LockRequestPendingAtFailure_RewindIsRefused_AndTheEntityIsNotLeftLocked()
    {
        var key = ClusterTestExtensions.NewId("rewind-lock-pending");
        var recorder = new EntityId(nameof(Recorder), key);
        var holder = await fixture.Workflows.StartAsync("LockAndWait", key);
        await Eventually.UntilAsync(
            async () => (await fixture.Workflows.GetEntityStateAsync<RecorderState>(recorder))?.Marks.Contains(holder) == true,
            ClusterTestExtensions.Timeout,
            "the first holder marked the recorder inside its section");
        var id = await fixture.Workflows.StartAsync("LockRequestOpenAtFailure", key);
        var failed = await fixture.WaitAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);
        Gates.Release($"{id}/fixed");

        // The lock request was recorded (a grant may still come): the rewind would reopen a critical section.
        var error = await Assert.ThrowsAsync<WorkflowClientException>(() => fixture.Workflows.RewindAsync(id, "fixed"));
        Assert.Equal(OperationOutcome.NotAllowed, error.Outcome);
        Assert.Contains(recorder.ToString(), error.Message, StringComparison.Ordinal);

        // Its failure released the queued request: once the first holder ends, the entity is free for anyone.
        await fixture.Workflows.TerminateAsync(holder, "done");
        await Eventually.UntilAsync(
            async () => (await fixture.Workflows.GetEntityAsync(recorder))?.LockedBy is null,
            ClusterTestExtensions.Timeout,
            "the recorder is unlocked after the first holder ended");
        var next = await fixture.Workflows.StartAsync("LockedRecords", new LockInput(key, ClusterTestExtensions.NewId("other"), 1));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await fixture.WaitAsync(next)).RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, (await fixture.Workflows.GetStatusAsync(id))!.RuntimeStatus);
        Assert.DoesNotContain(id, (await fixture.Workflows.GetEntityStateAsync<RecorderState>(recorder))!.Marks);
    }

    /// <summary>Starts the orchestration with the entity's commit of the add (the one that sends the answer) held.</summary>
    private async Task<(string Id, EntityId Counter, Hosting.StoreWriteHold Answer)> StartWithTheAnswerHeldAsync(string prefix)
    {
        var counter = new EntityId("Counter", ClusterTestExtensions.NewId(prefix));
        var answer = fixture.Shared.Holds.HoldCommit(c => c.Record.InstanceId == counter.ToString() && c.AddOutbox.Count > 0);
        var id = await fixture.Workflows.StartAsync("EntityCallOpenAtFailure", counter.Key);
        await answer.Reached.WaitAsync(ClusterTestExtensions.Timeout);
        return (id, counter, answer);
    }
}
