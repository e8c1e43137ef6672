using OrleansWorkflows.ClusterTests.Fixture;
using OrleansWorkflows.ClusterTests.Workflows;
using OrleansWorkflows.History;
using OrleansWorkflows.Runtime;
using Xunit;

namespace OrleansWorkflows.ClusterTests.Management;

/// <summary>A status query never disagrees with history, whatever stage of an episode the activation dies in.</summary>
[Collection(ClusterCollection.Name)]
public sealed class StatusConsistencyTests(ClusterFixture fixture)
{
    public enum Stage
    {
        BeforeCommit,
        AfterCommit,
        AfterDispatch,
    }

    [Theory]
    [InlineData(Stage.BeforeCommit, 1)]
    [InlineData(Stage.BeforeCommit, 3)]
    [InlineData(Stage.AfterCommit, 2)]
    [InlineData(Stage.AfterCommit, 4)]
    [InlineData(Stage.AfterDispatch, 2)]
    [InlineData(Stage.AfterDispatch, 3)]
    public async Task DeactivationAtEachEpisodeStage_StatusAgreesWithHistory_AndTheResultIsRight(Stage stage, int episode)
    {
        var id = ClusterTestExtensions.NewId($"consistency-{stage}-{episode}");
        var episodes = 0;
        bool Crash(string instance) => instance == id && Interlocked.Increment(ref episodes) == episode;
        switch (stage)
        {
            case Stage.BeforeCommit:
                fixture.Faults.CrashBeforeCommit = Crash;
                break;
            case Stage.AfterCommit:
                fixture.Faults.CrashAfterCommit = Crash;
                break;
        }

        try
        {
            await fixture.Workflows.StartAsync("GatedChain", 3, id);
            for (var step = 1; step <= 3; step++)
            {
                await fixture.WaitStartedAsync($"{id}/{step}");
                await AssertStatusAgreesWithHistoryAsync(id);
                if (stage == Stage.AfterDispatch && step == episode)
                {
                    await fixture.ForceDeactivateAsync(fixture.Client.GetGrain<IOrchestrationGrain>(id).GetGrainId());
                    await AssertStatusAgreesWithHistoryAsync(id);
                }

                Gates.Release($"{id}/{step}");
            }

            var status = await fixture.WaitAsync(id);
            Assert.Equal([$"done {id}/1", $"done {id}/2", $"done {id}/3"], status.ReadOutputAs<string[]>()!);
            await AssertStatusAgreesWithHistoryAsync(id);
            Assert.True(stage == Stage.AfterDispatch || episodes >= episode, $"the fault fired ({episodes} episodes seen)");
        }
        finally
        {
            fixture.Faults.CrashBeforeCommit = null;
            fixture.Faults.CrashAfterCommit = null;
        }
    }

    private async Task AssertStatusAgreesWithHistoryAsync(string id)
    {
        while (true)
        {
            var before = (await fixture.Workflows.GetHistoryAsync(id)).SerializedEvents;
            var status = await fixture.Workflows.GetStatusAsync(id);
            var after = (await fixture.Workflows.GetHistoryAsync(id)).SerializedEvents;
            if (before != after)
            {
                continue; // an episode committed in between; look again
            }

            var history = HistorySerializer.DeserializeHistory(after);
            var end = history.OfType<ExecutionCompleted>().LastOrDefault();
            Assert.NotNull(status);
            if (end is null)
            {
                Assert.Equal(OrchestrationRuntimeStatus.Running, status.RuntimeStatus);
                Assert.Null(status.SerializedOutput);
            }
            else
            {
                Assert.Equal(end.OrchestrationStatus, status.RuntimeStatus);
                Assert.Equal(end.Result, status.SerializedOutput);
            }

            return;
        }
    }
}
