using OrleansWorkflows.ClusterTests.Fixture;
using OrleansWorkflows.ClusterTests.Workflows;
using OrleansWorkflows.History;
using Xunit;

namespace OrleansWorkflows.ClusterTests.Management;

/// <summary>
/// The client retries a control call whose first attempt is slow (its commit held in flight past the attempt's time
/// limit) with the same request id: the retry is answered as the first attempt, and the control applies once.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ControlRetryTests(ClusterFixture fixture) : IAsyncLifetime
{
    /// <summary>Attempts of 2 s each, so a held write makes the client retry quickly.</summary>
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(5);

    public Task InitializeAsync() => fixture.EnsureSilosAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Terminate_RetriedAfterASlowFirstAttempt_IsAnsweredAsTheFirst_AppliedOnce()
    {
        var id = await fixture.Workflows.StartAsync("Approval", new { timeoutSeconds = 300 });
        var hold = fixture.Shared.Holds.HoldCommit(c => c.Record.InstanceId == id && c.Record.Status == OrchestrationRuntimeStatus.Terminated);

        var terminate = fixture.Workflows.WithTransientRetryBudget(Budget).TerminateAsync(id, "stop");
        await RetriedWhileHeldAsync(id, nameof(Runtime.IOrchestrationGrain.TerminateAsync), hold);
        await terminate.WaitAsync(ClusterTestExtensions.Timeout);

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, (await fixture.WaitAsync(id)).RuntimeStatus);
        Assert.Single((await HistoryAsync(id)).OfType<ExecutionTerminated>());
    }

    [Fact]
    public async Task Rewind_RetriedAfterASlowFirstAttempt_IsAnsweredAsTheFirst_AppliedOnce()
    {
        var id = ClusterTestExtensions.NewId("rewind-retry");
        await fixture.Workflows.StartAsync("NeedsFix", null, id);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, (await fixture.WaitAsync(id)).RuntimeStatus);
        var hold = fixture.Shared.Holds.HoldCommit(c => c.Record.InstanceId == id && c.AppendHistory.Any(e => e.Contains(nameof(ExecutionRewound), StringComparison.Ordinal)));
        Gates.Release($"{id}/fixed");

        var rewind = fixture.Workflows.WithTransientRetryBudget(Budget).RewindAsync(id, "fixed");
        await RetriedWhileHeldAsync(id, nameof(Runtime.IOrchestrationGrain.RewindAsync), hold);
        await rewind.WaitAsync(ClusterTestExtensions.Timeout);

        Assert.Equal("fixed", (await fixture.WaitAsync(id)).ReadOutputAs<string>());
        Assert.Single((await HistoryAsync(id)).OfType<ExecutionRewound>());
    }

    [Fact]
    public async Task Purge_RetriedAfterASlowFirstAttempt_IsAnsweredAsTheFirst()
    {
        var id = await fixture.Workflows.StartAsync("Noop", "x");
        await fixture.WaitAsync(id);
        var hold = fixture.Shared.Holds.HoldPurge(id);

        var purge = fixture.Workflows.WithTransientRetryBudget(Budget).PurgeInstanceAsync(id);
        await RetriedWhileHeldAsync(id, nameof(Runtime.IOrchestrationGrain.PurgeAsync), hold);

        Assert.Equal(1, await purge.WaitAsync(ClusterTestExtensions.Timeout));
        Assert.Null(await fixture.Store.GetRecordAsync(id));
    }

    [Fact]
    public async Task PurgeByFilter_LeavesAnInstanceBusyPastTheBudget_ForALaterPurge_AndPurgesTheRest()
    {
        // A cluster of its own: a purge by filter must see only this test's instances.
        var own = new ClusterFixture();
        await own.InitializeAsync();
        try
        {
            var busy = await own.Workflows.StartAsync("Noop", "busy");
            var idle = await own.Workflows.StartAsync("Noop", "idle");
            await own.WaitAsync(busy);
            await own.WaitAsync(idle);

            // A user's purge of one instance is held in its store write: the instance is busy with it (one call at a time).
            var hold = own.Shared.Holds.HoldPurge(busy);
            var userPurge = own.Workflows.PurgeInstanceAsync(busy);
            await hold.Reached.WaitAsync(ClusterTestExtensions.Timeout);

            // A bulk purge with a short budget (as retention uses) skips the busy one instead of failing, and purges the rest.
            var purged = await own.Workflows.WithTransientRetryBudget(TimeSpan.FromSeconds(2)).PurgeInstancesAsync(new PurgeFilter(DateTime.MinValue));
            Assert.Equal(1, purged);
            Assert.Null(await own.Store.GetRecordAsync(idle));
            Assert.NotNull(await own.Store.GetRecordAsync(busy));

            hold.Release();
            Assert.Equal(1, await userPurge.WaitAsync(ClusterTestExtensions.Timeout));
            Assert.Null(await own.Store.GetRecordAsync(busy));
        }
        finally
        {
            await own.DisposeAsync();
        }
    }

    [Fact]
    public async Task ControlsRepeatedWithTheirRequestIds_AlsoAfterAReload_AreAnsweredAsApplied_AndChangeNothing()
    {
        var id = await fixture.Workflows.StartAsync("Approval", new { timeoutSeconds = 300 });
        var grain = fixture.Client.GetGrain<Runtime.IOrchestrationGrain>(id).GetGrainId();

        await fixture.Workflows.SuspendAsync(id, "pause", "suspend-1");
        await fixture.Workflows.ResumeAsync(id, "go on", "resume-1");
        await fixture.ForceDeactivateAsync(grain);
        await fixture.Workflows.SuspendAsync(id, "pause", "suspend-1");
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await fixture.Workflows.GetStatusAsync(id))!.RuntimeStatus);

        await fixture.Workflows.TerminateAsync(id, "stop", recursive: false, "terminate-1");
        await fixture.ForceDeactivateAsync(grain);
        await fixture.Workflows.TerminateAsync(id, "stop", recursive: false, "terminate-1");
        var other = await Assert.ThrowsAsync<WorkflowClientException>(() => fixture.Workflows.TerminateAsync(id, "stop", recursive: false, "terminate-2"));
        Assert.Equal(Runtime.OperationOutcome.InstanceFinished, other.Outcome);

        var history = await HistoryAsync(id);
        Assert.Single(history.OfType<ExecutionSuspended>());
        Assert.Single(history.OfType<ExecutionResumed>());
        Assert.Single(history.OfType<ExecutionTerminated>());

        Assert.Equal(1, await fixture.Workflows.PurgeInstanceAsync(id, recursive: true, "purge-1"));
        Assert.Equal(1, await fixture.Workflows.PurgeInstanceAsync(id, recursive: true, "purge-1"));
        var purgedBefore = await Assert.ThrowsAsync<WorkflowClientException>(() => fixture.Workflows.PurgeInstanceAsync(id, recursive: false, "purge-2"));
        Assert.Equal(Runtime.OperationOutcome.NotFound, purgedBefore.Outcome);
    }

    [Fact]
    public async Task Purge_RepeatedWithItsRequestId_AfterTheGrainWasDeactivated_IsAnsweredOk_AndSparesANewInstanceOfTheId()
    {
        var id = await fixture.Workflows.StartAsync("Noop", "first");
        var grain = fixture.Client.GetGrain<Runtime.IOrchestrationGrain>(id).GetGrainId();
        await fixture.Workflows.WaitForCompletionAsync(id, ClusterTestExtensions.Timeout);

        Assert.Equal(1, await fixture.Workflows.PurgeInstanceAsync(id, recursive: false, "purge-1"));
        await fixture.ForceDeactivateAsync(grain);
        Assert.Equal(1, await fixture.Workflows.PurgeInstanceAsync(id, recursive: false, "purge-1"));
        var other = await Assert.ThrowsAsync<WorkflowClientException>(() => fixture.Workflows.PurgeInstanceAsync(id, recursive: false, "purge-2"));
        Assert.Equal(Runtime.OperationOutcome.NotFound, other.Outcome);

        // The id is used again (a start with another request id): the repeat is still the first purge's, not a new one.
        await fixture.Workflows.StartAsync("Noop", "second", new StartOrchestrationOptions { InstanceId = id, RequestId = "start-2" });
        await fixture.Workflows.WaitForCompletionAsync(id, ClusterTestExtensions.Timeout);
        await fixture.ForceDeactivateAsync(grain);
        Assert.Equal(1, await fixture.Workflows.PurgeInstanceAsync(id, recursive: false, "purge-1"));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await fixture.Workflows.GetStatusAsync(id))!.RuntimeStatus);
        Assert.Equal(1, await fixture.Workflows.PurgeInstanceAsync(id, recursive: false, "purge-3"));
        Assert.Null(await fixture.Store.GetRecordAsync(id));
    }

    /// <summary>
    /// Waits until the write is held and the client has sent its retry, then lets the write through. The retry waits at
    /// the instance (not reentrant) behind the held first attempt; once that is applied, the retry runs and is answered
    /// from the request id the first attempt recorded.
    /// </summary>
    private async Task RetriedWhileHeldAsync(string id, string method, Hosting.StoreWriteHold hold)
    {
        await hold.Reached.WaitAsync(ClusterTestExtensions.Timeout);
        await Eventually.UntilAsync(
            () => fixture.Probe.Count(ControlCallSendRecorder.Key(id, method)) >= 2, ClusterTestExtensions.Timeout, $"the client retried {method}");
        hold.Release();
    }

    private async Task<IReadOnlyList<HistoryEvent>> HistoryAsync(string id) =>
        HistorySerializer.DeserializeHistory((await fixture.Workflows.GetHistoryAsync(id)).SerializedEvents);
}
