using OrleansWorkflows.ClusterTests.Fixture;
using OrleansWorkflows.Runtime;
using Xunit;

namespace OrleansWorkflows.ClusterTests.Workflows;

/// <summary>
/// Client requests repeated with the same request id (a retry whose first answer was lost) count once: a start is the
/// same start, an event or signal is applied once — also after the grain was reloaded from the store.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class RequestIdTests(ClusterFixture fixture) : IAsyncLifetime
{
    public Task InitializeAsync() => fixture.EnsureSilosAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Counts the events named <c>e</c> until one carries <c>"stop"</c>; returns the count.</summary>
    internal static void Register(WorkflowRegistry registry) => registry.AddOrchestrator("CountEvents", async ctx =>
    {
        var count = 0;
        while (await ctx.WaitForExternalEvent<string>("e") != "stop")
        {
            ctx.SetCustomStatus(++count);
        }

        return count;
    });

    [Fact]
    public async Task StartTwiceWithSameRequestId_BothAccepted_OneExecution()
    {
        var options = new StartOrchestrationOptions { InstanceId = ClusterTestExtensions.NewId("rid-start"), RequestId = "request-1" };

        var ids = await Task.WhenAll(
            fixture.Workflows.StartAsync("Approval", null, options),
            fixture.Workflows.StartAsync("Approval", null, options));
        var first = await fixture.Workflows.GetStatusAsync(options.InstanceId);
        var again = await fixture.Workflows.StartAsync("Approval", null, options);
        var second = await fixture.Workflows.GetStatusAsync(options.InstanceId);

        Assert.All(ids.Append(again), id => Assert.Equal(options.InstanceId, id));
        Assert.Equal(first!.ExecutionId, second!.ExecutionId);
        Assert.Equal(first.CreatedAt, second.CreatedAt);
        Assert.Single(await ExecutionStartsAsync(options.InstanceId));
    }

    [Theory]
    [InlineData("Noop", null)]
    [InlineData("Countdown", 3)]
    public async Task StartAfterFinishWithSameRequestId_Accepted_NotStartedAgain(string name, object? input)
    {
        var options = new StartOrchestrationOptions { InstanceId = ClusterTestExtensions.NewId("rid-finished"), RequestId = Guid.NewGuid().ToString() };
        await fixture.Workflows.StartAsync(name, input, options);
        var finished = await fixture.WaitAsync(options.InstanceId);

        await fixture.ForceDeactivateAsync(fixture.Client.GetGrain<IOrchestrationGrain>(options.InstanceId).GetGrainId());
        Assert.Equal(options.InstanceId, await fixture.Workflows.StartAsync(name, input, options));

        var after = await fixture.Workflows.GetStatusAsync(options.InstanceId);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, after!.RuntimeStatus);
        Assert.Equal(finished.ExecutionId, after.ExecutionId);
        Assert.Equal(finished.LastUpdatedAt, after.LastUpdatedAt);
    }

    [Fact]
    public async Task StartWithOtherRequestIdWhileRunning_AlreadyExists()
    {
        var id = ClusterTestExtensions.NewId("rid-conflict");
        await fixture.Workflows.StartAsync("Approval", null, new StartOrchestrationOptions { InstanceId = id, RequestId = "a" });

        var error = await Assert.ThrowsAsync<WorkflowClientException>(
            () => fixture.Workflows.StartAsync("Approval", null, new StartOrchestrationOptions { InstanceId = id, RequestId = "b" }));

        Assert.Equal(OperationOutcome.AlreadyExists, error.Outcome);
    }

    [Fact]
    public async Task RaiseEventRepeatedWithSameRequestId_AppliedOnce_AlsoAfterReload()
    {
        var id = await fixture.Workflows.StartAsync("CountEvents");

        await Task.WhenAll(
            fixture.Workflows.RaiseEventAsync(id, "e", "x", "event-1"),
            fixture.Workflows.RaiseEventAsync(id, "e", "x", "event-1"));
        await Eventually.UntilAsync(async () => (await fixture.Workflows.GetStatusAsync(id))?.SerializedCustomStatus == "1", ClusterTestExtensions.Timeout, "the first event is applied");
        await fixture.Workflows.RaiseEventAsync(id, "e", "x", "event-1");
        await fixture.ForceDeactivateAsync(fixture.Client.GetGrain<IOrchestrationGrain>(id).GetGrainId());
        await fixture.Workflows.RaiseEventAsync(id, "e", "x", "event-1");
        await fixture.Workflows.RaiseEventAsync(id, "e", "x", "event-2");
        await fixture.Workflows.RaiseEventAsync(id, "e", "stop", "event-3");

        var status = await fixture.WaitAsync(id);
        Assert.Equal("2", status.SerializedOutput);
    }

    [Fact]
    public async Task SignalRepeatedWithSameRequestId_CounterIncrementsOnce_AlsoAfterReload()
    {
        var counter = new EntityId("Counter", ClusterTestExtensions.NewId("rid-counter"));

        await Task.WhenAll(
            fixture.Workflows.SignalEntityAsync(counter, "add", 1, "signal-1"),
            fixture.Workflows.SignalEntityAsync(counter, "add", 1, "signal-1"));
        await Eventually.UntilAsync(async () => await fixture.Workflows.GetEntityStateAsync<int>(counter) == 1, ClusterTestExtensions.Timeout, "the counter is 1");
        await fixture.ForceDeactivateAsync(fixture.Client.GetGrain<IEntityGrain>(counter.ToString()).GetGrainId());
        await fixture.Workflows.SignalEntityAsync(counter, "add", 1, "signal-1");
        await fixture.Workflows.SignalEntityAsync(counter, "add", 10, "signal-2");

        await Eventually.UntilAsync(async () => await fixture.Workflows.GetEntityStateAsync<int>(counter) == 11, ClusterTestExtensions.Timeout, "the counter is 11");
        Assert.Equal(11, await fixture.Workflows.GetEntityStateAsync<int>(counter));
    }

    [Fact]
    public async Task SignalsRepeatedAfterManyOtherRequests_EachAppliedOnce()
    {
        var counter = new EntityId("Counter", ClusterTestExtensions.NewId("rid-many"));
        var ids = Enumerable.Range(0, 300).Select(i => $"many-{i}").ToList();

        await Task.WhenAll(ids.Select(id => fixture.Workflows.SignalEntityAsync(counter, "add", 1, id)));
        await Eventually.UntilAsync(async () => await fixture.Workflows.GetEntityStateAsync<int>(counter) == ids.Count, ClusterTestExtensions.Timeout, "every signal applied");
        await fixture.ForceDeactivateAsync(fixture.Client.GetGrain<IEntityGrain>(counter.ToString()).GetGrainId());
        await Task.WhenAll(ids.Select(id => fixture.Workflows.SignalEntityAsync(counter, "add", 1, id)));
        await fixture.Workflows.SignalEntityAsync(counter, "add", 1000, "many-last");

        await Eventually.UntilAsync(async () => await fixture.Workflows.GetEntityStateAsync<int>(counter) >= 1000, ClusterTestExtensions.Timeout, "the last signal applied");
        Assert.Equal(ids.Count + 1000, await fixture.Workflows.GetEntityStateAsync<int>(counter));
    }

    [Fact]
    public async Task EventRepeatedAfterItFinishedTheInstance_Accepted_OtherEventsRefused()
    {
        var id = await fixture.Workflows.StartAsync("CountEvents");
        await fixture.Workflows.RaiseEventAsync(id, "e", "stop", "finish-1");
        var status = await fixture.WaitAsync(id);
        Assert.Equal("0", status.SerializedOutput);

        await fixture.Workflows.RaiseEventAsync(id, "e", "stop", "finish-1");
        var refused = await Assert.ThrowsAsync<WorkflowClientException>(() => fixture.Workflows.RaiseEventAsync(id, "e", "stop", "finish-2"));

        Assert.Equal(OperationOutcome.InstanceFinished, refused.Outcome);
    }

    [Fact]
    public async Task RequestIdsLeavingTheWindow_AreForgotten()
    {
        var counter = new EntityId("Counter", ClusterTestExtensions.NewId("rid-window"));
        await fixture.Workflows.SignalEntityAsync(counter, "add", 1, "window-1");
        await Eventually.UntilAsync(async () => await fixture.Workflows.GetEntityStateAsync<int>(counter) == 1, ClusterTestExtensions.Timeout, "the signal applied");
        Assert.True(await fixture.Store.HasRequestAsync(counter.ToString(), "window-1"));

        var forgotten = await fixture.Client.GetGrain<Engine.IRequestWindowGrain>(0).ForgetOlderThanAsync(DateTime.UtcNow.AddMinutes(1));

        Assert.True(forgotten >= 1, $"forgot {forgotten}");
        Assert.False(await fixture.Store.HasRequestAsync(counter.ToString(), "window-1"));
        await fixture.Workflows.SignalEntityAsync(counter, "add", 1, "window-1");
        await Eventually.UntilAsync(async () => await fixture.Workflows.GetEntityStateAsync<int>(counter) == 2, ClusterTestExtensions.Timeout, "a request id out of the window is a new request");
    }

    private async Task<List<System.Text.Json.JsonElement>> ExecutionStartsAsync(string instanceId)
    {
        using var events = System.Text.Json.JsonDocument.Parse((await fixture.Workflows.GetHistoryAsync(instanceId)).SerializedEvents);
        return [.. events.RootElement.EnumerateArray().Where(e => e.GetProperty("eventType").GetString() == "ExecutionStarted").Select(e => e.Clone())];
    }
}
