using OrleansWorkflows.ClusterTests.Fixture;
using OrleansWorkflows.ClusterTests.Workflows;
using OrleansWorkflows.Runtime;
using OrleansWorkflows.Storage;
using Xunit;

namespace OrleansWorkflows.ClusterTests.Management;

/// <summary>A rewound instance replays its history with the rewind rules on every activation, not only in the rewind.</summary>
[Collection(ClusterCollection.Name)]
public sealed class RewindReactivationTests(ClusterFixture fixture) : IAsyncLifetime
{
    public Task InitializeAsync() => fixture.EnsureSilosAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Rewind_ThenDeactivationWhileTheReRunWaits_StillCompletes()
    {
        var id = ClusterTestExtensions.NewId("rewind-reactivate");
        await fixture.Workflows.StartAsync("NeedsFixThenGated", null, id);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, (await fixture.WaitAsync(id)).RuntimeStatus);

        Gates.Release($"{id}/fixed");
        await fixture.Workflows.RewindAsync(id, "fixed");
        await fixture.WaitStartedAsync($"{id}/after");

        // The activation that ran the rewind goes away (idle collection, a silo restart) while the re-run waits.
        await fixture.ForceDeactivateAsync(fixture.Client.GetGrain<IOrchestrationGrain>(id).GetGrainId());
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await fixture.Workflows.GetStatusAsync(id))!.RuntimeStatus);
        Gates.Release($"{id}/after");

        var status = await fixture.WaitAsync(id);
        Assert.Equal((OrchestrationRuntimeStatus.Completed, $"fixed, done {id}/after"), (status.RuntimeStatus, status.ReadOutputAs<string>()));
    }

    [Fact]
    public async Task HistoryThatEnded_UnderARecordThatRuns_IsCommittedOnActivation_NotLeftRunning()
    {
        var id = await fixture.Workflows.StartAsync("Noop", "done");
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await fixture.WaitAsync(id)).RuntimeStatus);
        var grain = fixture.Client.GetGrain<IOrchestrationGrain>(id).GetGrainId();
        await fixture.ForceDeactivateAsync(grain);

        // A record that disagrees with its history (what a replay without the history rules produced).
        var stored = (await fixture.Store.LoadAsync(id))!;
        await fixture.Store.CommitAsync(new InstanceCommit
        {
            Record = stored.Record with { Status = OrchestrationRuntimeStatus.Running, Output = null, CompletedAt = null },
            ExpectedVersion = stored.Record.Version,
            HistoryCountBefore = stored.History.Count,
        });

        var status = await fixture.WaitAsync(id);
        Assert.Equal((OrchestrationRuntimeStatus.Completed, "done"), (status.RuntimeStatus, status.ReadOutputAs<string>()));
    }
}
