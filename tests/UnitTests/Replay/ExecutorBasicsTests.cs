using OrleansWorkflows.History;
using OrleansWorkflows.Replay;
using OrleansWorkflows.Samples;
using Xunit;

namespace OrleansWorkflows.UnitTests.Replay;

public sealed class ExecutorBasicsTests
{
    private static WorkflowRegistry Samples() => new WorkflowRegistry().AddSamples();

    [Fact]
    public void HelloSequence_LiveRun_CompletesWithGreetings_AndReplayReproducesIt()
    {
        var harness = new ReplayHarness(Samples());
        harness.Start("HelloSequence", null);
        harness.RunToEnd(a => $"Hello {WorkflowJson.Deserialize<string>(a.Input)}!");

        var outcome = harness.Executor.Outcome;
        Assert.NotNull(outcome);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, outcome.Status);
        Assert.Equal(["Hello Tokyo!", "Hello Seattle!", "Hello London!"], WorkflowJson.Deserialize<string[]>(outcome.Output)!);

        var replayed = ReplayHarness.NewExecutor(Samples());
        var result = replayed.Replay(harness.History);
        Assert.Empty(result.NewEvents);
        Assert.Equal(outcome.Output, replayed.Outcome?.Output);
    }

    [Fact]
    public void FanOut_ThousandActivities_AllScheduledInOneEpisode_SumIsRight()
    {
        var harness = new ReplayHarness(Samples());
        harness.Start("FanOutFanIn", 1000);
        Assert.True(harness.Dispatched.Count == 1000, harness.Executor.Outcome?.Failure?.ToString() + harness.Executor.Outcome?.Failure?.StackTrace);
        harness.RunToEnd(a => (long)Math.Pow(WorkflowJson.Deserialize<int>(a.Input), 2));
        var expected = Enumerable.Range(1, 1000).Sum(i => (long)i * i);
        Assert.Equal(expected, WorkflowJson.Deserialize<long>(harness.Executor.Outcome?.Output));
    }

    [Fact]
    public void Replay_EveryPrefixThenLive_ProducesTheRecordedSlice()
    {
        var harness = new ReplayHarness(Samples());
        harness.Start("HelloSequence", null);
        harness.RunToEnd(a => $"Hello {WorkflowJson.Deserialize<string>(a.Input)}!");
        var history = harness.History;
        var episodeStarts = history.Select((e, i) => (e, i)).Where(x => x.e is OrchestratorStarted).Select(x => x.i).ToList();
        episodeStarts.Add(history.Count);
        for (var k = 1; k < episodeStarts.Count - 1; k++)
        {
            var executor = ReplayHarness.NewExecutor(Samples());
            Assert.Empty(executor.Replay(history.Take(episodeStarts[k]).ToList()).NewEvents);
            var slice = history.Skip(episodeStarts[k]).Take(episodeStarts[k + 1] - episodeStarts[k]).ToList();
            var inputs = slice.Where(e => e is OrchestratorStarted or TaskCompleted).ToArray();
            var live = executor.RunEpisode(inputs);
            Assert.Equal(slice.Select(HistorySerializer.Serialize), live.NewEvents.Select(HistorySerializer.Serialize));
        }
    }
}
