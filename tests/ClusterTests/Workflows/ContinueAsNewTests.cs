using OrleansWorkflows.ClusterTests.Fixture;
using OrleansWorkflows.History;
using Xunit;

namespace OrleansWorkflows.ClusterTests.Workflows;

/// <summary>
/// Continue-as-new keeps every event the instance acknowledged: events buffered by the old execution, events after the
/// trigger in the same batch, and events accepted while the continue-as-new commit is in flight all reach the new
/// execution, in order; a suspend accepted in that window holds in the new execution.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ContinueAsNewTests(ClusterFixture fixture) : IAsyncLifetime
{
    public Task InitializeAsync() => fixture.EnsureSilosAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>
    /// Execution 0 waits for "go" and continues as new (input: whether to preserve unprocessed events); execution 1
    /// returns the payloads of the next four events named "e", in the order it received them.
    /// </summary>
    internal static void Register(WorkflowRegistry registry) => registry.AddOrchestrator("CarryEvents", async ctx =>
    {
        var input = ctx.GetInput<CarryInput>()!;
        if (input.Generation == 0)
        {
            await ctx.WaitForExternalEvent<string>("go");
            ctx.ContinueAsNew(input with { Generation = 1 }, input.Preserve);
            return null;
        }

        var received = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            received.Add(await ctx.WaitForExternalEvent<string>("e"));
            ctx.SetCustomStatus(received);
        }

        return received;
    });

    [Fact]
    public async Task EventsAfterTheTriggerInOneBatch_AreCarried_InOrder()
    {
        var id = await StartAsync("can-batch");

        // Buffered while suspended, the four events are applied in one episode: "1" before the trigger, "2" and "3" after.
        await fixture.Workflows.SuspendAsync(id);
        await RaiseAsync(id, ("e", "1"), ("go", "now"), ("e", "2"), ("e", "3"));
        await fixture.Workflows.ResumeAsync(id);
        await RaiseAsync(id, ("e", "4"));

        await AssertCompletedWithAllFourAsync(id);
    }

    [Fact]
    public async Task CarriedEvents_SurviveACrashRightAfterTheContinueAsNewCommit_AndStayFirst()
    {
        var id = await StartAsync("can-crash");
        var crashes = 0;
        await fixture.Workflows.SuspendAsync(id);
        await RaiseAsync(id, ("e", "1"), ("go", "now"), ("e", "2"));
        fixture.Faults.CrashAfterCommit = instance => instance == id && Interlocked.Increment(ref crashes) == 1;
        try
        {
            await fixture.Workflows.ResumeAsync(id);
            await Eventually.UntilAsync(() => Volatile.Read(ref crashes) >= 1, ClusterTestExtensions.Timeout, "the continue-as-new commit crashed");
        }
        finally
        {
            fixture.Faults.CrashAfterCommit = null;
        }

        // The next activation starts the new execution from the store: carried events first, then the later ones.
        await RaiseAsync(id, ("e", "3"), ("e", "4"));
        await AssertCompletedWithAllFourAsync(id);
    }

    [Fact]
    public async Task EventAcceptedWhileTheCommitIsInFlight_ReachesTheNewExecution()
    {
        // "1" is buffered by the old execution and carried; "2" is accepted while the old execution's commit is in
        // flight, so its inbox entry is older than the carried one's: the carried event still comes first.
        var (id, hold) = await ContinueAsNewInFlightAsync("can-inflight", ("e", "1"));
        await RaiseAsync(id, ("e", "2"));
        hold.Release();
        await RaiseAsync(id, ("e", "3"), ("e", "4"));

        await AssertCompletedWithAllFourAsync(id);
    }

    [Fact]
    public async Task WithoutPreserve_EventsTheOldExecutionReceivedAreDropped_LaterOnesArrive()
    {
        var id = await StartAsync("can-drop", preserve: false);

        await fixture.Workflows.SuspendAsync(id);
        await RaiseAsync(id, ("e", "dropped-before"), ("go", "now"), ("e", "dropped-after"));

        await fixture.Workflows.ResumeAsync(id);
        await Eventually.UntilAsync(
            async () => await fixture.Workflows.GetStatusAsync(id) is { RuntimeStatus: OrchestrationRuntimeStatus.Running } s
                && WorkflowJson.Deserialize<CarryInput>(s.SerializedInput)!.Generation == 1,
            ClusterTestExtensions.Timeout,
            "the new execution runs");
        await RaiseAsync(id, ("e", "1"), ("e", "2"), ("e", "3"), ("e", "4"));

        await AssertCompletedWithAllFourAsync(id);
    }

    [Fact]
    public async Task SuspendAcceptedWhileTheCommitIsInFlight_HoldsInTheNewExecution()
    {
        var (id, hold) = await ContinueAsNewInFlightAsync("can-suspend");
        var suspend = fixture.Workflows.SuspendAsync(id, "maintenance");
        await Eventually.UntilAsync(
            () => fixture.Probe.Count(ControlCallRecorder.Key(id, "SuspendAsync")) == 1, ClusterTestExtensions.Timeout, "the suspend reached the instance");
        hold.Release();
        await suspend.WaitAsync(ClusterTestExtensions.Timeout);
        await RaiseAsync(id, ("e", "1"), ("e", "2"), ("e", "3"), ("e", "4"));

        // The new execution has started (its events buffered, not applied): it is suspended, as answered.
        await Eventually.UntilAsync(
            async () => (await HistoryAsync(id)).OfType<ExecutionStarted>().Any(), ClusterTestExtensions.Timeout, "the new execution started");
        var suspended = await fixture.Workflows.GetStatusAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Suspended, suspended!.RuntimeStatus);
        var history = await HistoryAsync(id);
        Assert.Equal("maintenance", Assert.Single(history.OfType<ExecutionSuspended>()).Reason);
        Assert.Empty(history.OfType<EventRaised>());

        await fixture.Workflows.ResumeAsync(id);
        await AssertCompletedWithAllFourAsync(id);
    }

    private async Task<string> StartAsync(string prefix, bool preserve = true)
    {
        var id = ClusterTestExtensions.NewId(prefix);
        await fixture.Workflows.StartAsync("CarryEvents", new CarryInput(0, preserve), new StartOrchestrationOptions { InstanceId = id });
        return id;
    }

    private async Task RaiseAsync(string id, params (string Name, string Payload)[] events)
    {
        foreach (var (name, payload) in events)
        {
            await fixture.Workflows.RaiseEventAsync(id, name, payload);
        }
    }

    private async Task AssertCompletedWithAllFourAsync(string id)
    {
        var status = await fixture.WaitAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, status.RuntimeStatus);
        Assert.Equal(["1", "2", "3", "4"], status.ReadOutputAs<string[]>()!);
    }

    /// <summary>Starts an instance, raises <paramref name="before"/>, and makes it continue as new, holding that commit in flight.</summary>
    private async Task<(string Id, Hosting.StoreWriteHold Hold)> ContinueAsNewInFlightAsync(string prefix, params (string Name, string Payload)[] before)
    {
        var id = await StartAsync(prefix);
        await RaiseAsync(id, before);
        var hold = fixture.Shared.Holds.HoldCommit(c => c.Record.InstanceId == id && c.Record.Status == OrchestrationRuntimeStatus.ContinuedAsNew);
        await fixture.Workflows.RaiseEventAsync(id, "go", "now");
        await hold.Reached.WaitAsync(ClusterTestExtensions.Timeout);
        return (id, hold);
    }

    private async Task<IReadOnlyList<HistoryEvent>> HistoryAsync(string id) =>
        HistorySerializer.DeserializeHistory((await fixture.Workflows.GetHistoryAsync(id)).SerializedEvents);

    internal sealed record CarryInput(int Generation, bool Preserve);
}
