using OrleansWorkflows.ClusterTests.Fixture;
using OrleansWorkflows.Runtime;
using Xunit;

namespace OrleansWorkflows.ClusterTests.Workflows;

/// <summary>Instances survive deactivation, killed silos and a crash between commit and dispatch, with the same result.</summary>
[Collection(ClusterCollection.Name)]
public sealed class CrashRecoveryTests(ClusterFixture fixture) : IAsyncLifetime
{
    public Task InitializeAsync() => fixture.EnsureSilosAsync();

    public Task DisposeAsync() => fixture.EnsureSilosAsync();

    [Fact]
    public async Task Deactivation_MidFlight_ReplaysAndCompletesWithTheSameResult()
    {
        var id = ClusterTestExtensions.NewId("deactivate");
        await fixture.Workflows.StartAsync("GatedChain", 3, id);
        await fixture.WaitStartedAsync($"{id}/1");
        Gates.Release($"{id}/1");
        await fixture.WaitStartedAsync($"{id}/2");

        await fixture.ForceDeactivateAsync(fixture.Client.GetGrain<IOrchestrationGrain>(id).GetGrainId());
        Gates.Release($"{id}/2");
        await fixture.WaitStartedAsync($"{id}/3");
        await fixture.ForceDeactivateAsync(fixture.Client.GetGrain<IOrchestrationGrain>(id).GetGrainId());
        Gates.Release($"{id}/3");

        var status = await fixture.WaitAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, status.RuntimeStatus);
        Assert.Equal([$"done {id}/1", $"done {id}/2", $"done {id}/3"], status.ReadOutputAs<string[]>()!);
    }

    [Fact]
    public async Task KillingTheSiloThatHostsTheInstance_StillEndsInTheRightResult()
    {
        var id = ClusterTestExtensions.NewId("kill-host");
        await fixture.Workflows.StartAsync("GatedChain", 2, id);
        await fixture.WaitStartedAsync($"{id}/1");
        var host = fixture.FindOrchestrationSilo(id) ?? throw new InvalidOperationException("The instance is not active anywhere.");

        await fixture.KillSiloAsync(host);
        Gates.Release($"{id}/1");
        Gates.Release($"{id}/2");

        var status = await fixture.WaitAsync(id);
        Assert.Equal([$"done {id}/1", $"done {id}/2"], status.ReadOutputAs<string[]>()!);
        Assert.NotEqual(host.SiloAddress, fixture.FindOrchestrationSilo(id)?.SiloAddress);
    }

    [Fact]
    public async Task KillingTheSiloThatRunsTheActivity_ReRunsItElsewhere_AndEndsInTheRightResult()
    {
        var id = ClusterTestExtensions.NewId("kill-worker");
        await fixture.Workflows.StartAsync("GatedChain", 1, id);
        var workerSilo = await fixture.WaitStartedAsync($"{id}/1");
        var victim = fixture.Silos.Single(s => s.SiloAddress.ToString() == workerSilo);

        await fixture.KillSiloAsync(victim);
        // The lease expires and the call is sent again; it starts a second time on a surviving silo.
        var rerunSilo = await fixture.WaitStartedAsync($"{id}/1", times: 2);
        Assert.NotEqual(workerSilo, rerunSilo);
        Gates.Release($"{id}/1");

        var status = await fixture.WaitAsync(id);
        Assert.Equal([$"done {id}/1"], status.ReadOutputAs<string[]>()!);
    }

    [Fact]
    public async Task CrashBetweenCommitAndDispatch_TheDurableWakeUpDispatchesAndTheInstanceCompletes()
    {
        var id = ClusterTestExtensions.NewId("crash-after-commit");
        var crashes = 0;
        fixture.Faults.CrashAfterCommit = instance => instance == id && Interlocked.Increment(ref crashes) <= 2;
        try
        {
            await fixture.Workflows.StartAsync("HelloSequence", null, id);

            // Watch the store only: no call reaches the instance, so only its durable wake-up can resume it.
            await Eventually.UntilAsync(
                async () => (await fixture.Store.GetRecordAsync(id))?.Status == OrchestrationRuntimeStatus.Completed,
                ClusterTestExtensions.Timeout,
                "the instance completed without any call reaching it");
            var record = await fixture.Store.GetRecordAsync(id);
            Assert.Equal(["Hello Tokyo!", "Hello Seattle!", "Hello London!"], WorkflowJson.Deserialize<string[]>(record!.Output)!);
            Assert.True(crashes >= 2, $"the fault hook fired {crashes} times");
        }
        finally
        {
            fixture.Faults.CrashAfterCommit = null;
        }
    }
}
