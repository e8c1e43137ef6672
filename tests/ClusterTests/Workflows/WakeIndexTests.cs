using OrleansWorkflows.ClusterTests.Fixture;
using OrleansWorkflows.Runtime;
using Xunit;

namespace OrleansWorkflows.ClusterTests.Workflows;

/// <summary>
/// With a store that keeps wake-ups, the durable wake-up of a busy instance is part of its commit (no reminder per
/// instance), an inbox append makes the instance due, and the recovery sweep wakes instances nothing else calls.
/// Entities alike: their wake-ups are in the wake index too (no reminder per busy entity).
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class WakeIndexTests(ClusterFixture fixture) : IAsyncLifetime
{
    public Task InitializeAsync() => fixture.EnsureSilosAsync();

    public Task DisposeAsync() => fixture.EnsureSilosAsync();

    [Fact]
    public async Task BusyInstance_StoresItsWakeUpWithTheCommit_RegistersNoReminder_AndClearsItWhenDone()
    {
        var id = ClusterTestExtensions.NewId("wake-index");
        await fixture.Workflows.StartAsync("GatedChain", 1, id);
        await fixture.WaitStartedAsync($"{id}/1");

        var busy = await fixture.Store.GetRecordAsync(id);
        Assert.NotNull(busy!.WakeAt);
        var grain = fixture.Client.GetGrain<IOrchestrationGrain>(id).GetGrainId();
        Assert.Empty((await fixture.Shared.Reminders.ReadRows(grain)).Reminders);

        Gates.Release($"{id}/1");
        var status = await fixture.WaitAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, status.RuntimeStatus);
        await Eventually.UntilAsync(
            async () => (await fixture.Store.GetRecordAsync(id))!.WakeAt is null,
            ClusterTestExtensions.Timeout,
            "the finished instance's wake-up is cleared");
    }

    [Fact]
    public async Task EventAcknowledged_ThenCrashBeforeItsEpisodeCommits_TheSweepAppliesIt()
    {
        var id = ClusterTestExtensions.NewId("wake-inbox");
        await fixture.Workflows.StartAsync("StepThenWait", null, id);
        await fixture.WaitStartedAsync($"{id}/1");
        Gates.Release($"{id}/1");
        await Eventually.UntilAsync(
            async () => (await fixture.Store.GetRecordAsync(id))!.WakeAt is null,
            ClusterTestExtensions.Timeout,
            "the instance waits for its event with nothing outstanding");

        var crashes = 0;
        fixture.Faults.CrashBeforeCommit = instance => instance == id && Interlocked.Increment(ref crashes) == 1;
        try
        {
            await fixture.Workflows.RaiseEventAsync(id, "Go", "went");

            // The episode that applies the event crashed; only the stored wake-up of the acknowledged message remains.
            await Eventually.UntilAsync(
                async () => (await fixture.Store.GetRecordAsync(id))?.Status == OrchestrationRuntimeStatus.Completed,
                ClusterTestExtensions.Timeout,
                "the sweep woke the instance and it applied the event");
            Assert.True(crashes >= 1, "the episode applying the event crashed once");
            var record = await fixture.Store.GetRecordAsync(id);
            Assert.Equal("went", WorkflowJson.Deserialize<string>(record!.Output));
        }
        finally
        {
            fixture.Faults.CrashBeforeCommit = null;
        }
    }

    [Fact]
    public async Task BusyEntity_RegistersNoReminder_AndItsWakeUpIsClearedOnceItsAnswersAreDelivered()
    {
        var key = ClusterTestExtensions.NewId("wake-entity");
        var counter = new EntityId("Counter", key);
        await fixture.Workflows.SignalEntityAsync(counter, "add", 1);

        // Acknowledged: the inbox append made the entity due; earlier versions also registered a reminder first.
        var grain = fixture.Client.GetGrain<IEntityGrain>(counter.ToString()).GetGrainId();
        Assert.Empty((await fixture.Shared.Reminders.ReadRows(grain)).Reminders);

        // A call's answer goes through the entity's outbox; once delivered, the sweep finds nothing left and clears it.
        var id = ClusterTestExtensions.NewId("wake-entity-caller");
        await fixture.Workflows.StartAsync("AddThenGet", key, id);
        var status = await fixture.WaitAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, status.RuntimeStatus);
        Assert.Equal(6, status.ReadOutputAs<int>());
        await Eventually.UntilAsync(
            async () => (await fixture.Store.GetRecordAsync(counter.ToString()))!.WakeAt is null,
            ClusterTestExtensions.Timeout,
            "the idle entity's wake-up is cleared");
        Assert.Empty((await fixture.Shared.Reminders.ReadRows(grain)).Reminders);
    }
}
