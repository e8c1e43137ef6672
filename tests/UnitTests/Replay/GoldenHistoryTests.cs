using OrleansWorkflows.History;
using OrleansWorkflows.Replay;
using OrleansWorkflows.Samples;
using Xunit;

namespace OrleansWorkflows.UnitTests.Replay;

/// <summary>Replays committed history files (the persisted JSON contract) against today's code.</summary>
public sealed class GoldenHistoryTests
{
    private static IReadOnlyList<HistoryEvent> Load(string file) =>
        HistorySerializer.DeserializeHistory(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Replay", "Histories", file)));

    [Fact]
    public void Replay_HelloSequenceGoldenHistory_CompletesWithRecordedOutput()
    {
        var executor = ReplayHarness.NewExecutor(new WorkflowRegistry().AddSamples(), "golden-hello");
        var result = executor.Replay(Load("hello-sequence.completed.json"));

        Assert.Empty(result.NewEvents);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, executor.Outcome?.Status);
        Assert.Equal(["Hello Tokyo!", "Hello Seattle!", "Hello London!"], WorkflowJson.Deserialize<string[]>(executor.Outcome?.Output)!);
    }

    [Fact]
    public void Replay_InFlightGoldenHistory_ResumesAndSchedulesTheNextActivity()
    {
        var executor = ReplayHarness.NewExecutor(new WorkflowRegistry().AddSamples(), "golden-hello");
        var history = Load("hello-sequence.completed.json");
        var inFlight = history.TakeWhile(e => e is not TaskCompleted { TaskScheduledId: 1 }).ToList();

        Assert.Empty(executor.Replay(inFlight).NewEvents);
        var next = executor.RunEpisode([new OrchestratorStarted { Timestamp = DateTime.UtcNow }, new TaskCompleted(1, "\"Hello Seattle!\"")]);

        var scheduled = Assert.Single(next.Actions);
        var activity = Assert.IsType<ScheduleActivityAction>(scheduled);
        Assert.Equal(("SayHello", "\"London\"", 2), (activity.Name, activity.Input, activity.Id));
    }

    [Fact]
    public void Replay_ActivityRenamed_FailsWithNonDeterminismNamingSequenceRecordedAndNow()
    {
        var registry = new WorkflowRegistry().AddSamples();
        registry.AddOrchestrator("RenamedHello", async ctx =>
        {
            var a = await ctx.CallActivityAsync<string>("SayHello", "Tokyo");
            var b = await ctx.CallActivityAsync<string>("SayGoodbye", "Seattle");
            return new[] { a, b };
        });
        var executor = ReplayHarness.NewExecutor(registry, "golden-renamed");

        var result = executor.Replay(Load("renamed-activity.nondeterministic.json"));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, executor.Outcome?.Status);
        var completed = Assert.IsType<ExecutionCompleted>(Assert.Single(result.NewEvents));
        var failure = completed.FailureDetails!;
        Assert.Equal(typeof(NonDeterminismException).FullName, failure.ErrorType);
        Assert.Contains("sequence number 1", failure.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("history recorded TaskScheduled 'SayHello'", failure.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("scheduled activity 'SayGoodbye'", failure.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("Likely cause", failure.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void HistoryContract_RoundTripsEveryGoldenEventUnchanged()
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Replay", "Histories", "hello-sequence.completed.json"));
        var events = HistorySerializer.DeserializeHistory(text);
        Assert.Equal(
            System.Text.Json.Nodes.JsonNode.Parse(text)!.ToJsonString(),
            System.Text.Json.Nodes.JsonNode.Parse(HistorySerializer.SerializeHistory(events))!.ToJsonString());
        Assert.IsType<ExecutionStarted>(events[1]);
    }
}
