using OrleansWorkflows.History;
using OrleansWorkflows.Replay;
using OrleansWorkflows.Samples;
using Xunit;

namespace OrleansWorkflows.UnitTests.Replay;

public sealed class ExecutorSemanticsTests
{
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Retry_FlakyActivity_RetriesWithDurableTimersAndReportsAttempt3()
    {
        var harness = new ReplayHarness(new WorkflowRegistry().AddSamples());
        harness.Start("Retry", null);
        harness.RunToEnd(a => a.Attempt < 3 ? new FailureDetails("System.InvalidOperationException", $"attempt {a.Attempt}") : a.Attempt);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, harness.Executor.Outcome?.Status);
        Assert.Equal(3, WorkflowJson.Deserialize<int>(harness.Executor.Outcome?.Output));
        var kinds = harness.History.Where(e => e is TaskScheduled or TimerCreated).Select(e => e is TaskScheduled t ? $"task{t.Attempt}" : "timer");
        Assert.Equal(["task1", "timer", "task2", "timer", "task3"], kinds);
    }

    [Fact]
    public void ExternalEvent_RaisedBeforeTheWait_IsBufferedAndReceived()
    {
        var registry = new WorkflowRegistry().AddOrchestrator("LateWait", async ctx =>
        {
            await ctx.CallActivityAsync<string>("First");
            return await ctx.WaitForExternalEvent<string>("Go");
        });
        var harness = new ReplayHarness(registry);
        harness.Start("LateWait", null);
        harness.Episode(new EventRaised("go", "\"early\""));
        harness.Episode(new TaskCompleted(0, "\"x\""));

        Assert.Equal("\"early\"", harness.Executor.Outcome?.Output);
    }

    [Fact]
    public void WhenAny_TwoResultsInOneEpisode_TheFirstAppliedWins_AndReplayAgrees()
    {
        var registry = new WorkflowRegistry().AddOrchestrator("Race", async ctx =>
        {
            var a = ctx.CallActivityAsync<string>("A");
            var b = ctx.CallActivityAsync<string>("B");
            return await await Task.WhenAny(a, b);
        });
        var harness = new ReplayHarness(registry);
        harness.Start("Race", null);
        harness.Episode(new TaskCompleted(1, "\"b\""), new TaskCompleted(0, "\"a\""));
        Assert.Equal("\"b\"", harness.Executor.Outcome?.Output);

        var replay = ReplayHarness.NewExecutor(registry);
        Assert.Empty(replay.Replay(harness.History).NewEvents);
        Assert.Equal("\"b\"", replay.Outcome?.Output);
    }

    [Fact]
    public void ContinueAsNew_PreservingEvents_CarriesUnconsumedEventsInOrder()
    {
        var registry = new WorkflowRegistry().AddOrchestrator("Loop", async ctx =>
        {
            await ctx.CallActivityAsync<string>("Work");
            ctx.ContinueAsNew(ctx.GetInput<int>() + 1);
            return null;
        });
        var harness = new ReplayHarness(registry);
        harness.Start("Loop", 1);
        harness.Episode(new EventRaised("x", "1"), new EventRaised("y", "2"), new TaskCompleted(0, "null"));

        var outcome = harness.Executor.Outcome!;
        Assert.Equal(OrchestrationRuntimeStatus.ContinuedAsNew, outcome.Status);
        Assert.Equal("2", outcome.Output);
        Assert.Equal(["x", "y"], outcome.CarriedEvents.Select(e => e.Name));
    }

    [Theory]
    [InlineData(true, new[] { "x", "y", "z" })]
    [InlineData(false, new string[0])]
    public void ContinueAsNew_EventsAfterTheTriggerInTheSameEpisode_FollowTheBufferedOnes(bool preserve, string[] carried)
    {
        var registry = new WorkflowRegistry().AddOrchestrator("Loop", async ctx =>
        {
            await ctx.WaitForExternalEvent<string>("go");
            ctx.ContinueAsNew(ctx.GetInput<int>() + 1, preserve);
            return null;
        });
        var harness = new ReplayHarness(registry);
        harness.Start("Loop", 1);
        harness.Episode(new EventRaised("x", "1"), new EventRaised("go", "\"now\""), new EventRaised("y", "2"), new EventRaised("z", "3"));

        var outcome = harness.Executor.Outcome!;
        Assert.Equal(OrchestrationRuntimeStatus.ContinuedAsNew, outcome.Status);
        Assert.Equal(carried, outcome.CarriedEvents.Select(e => e.Name));
    }

    [Fact]
    public void SubOrchestrationFailure_SurfacesAsTaskFailedException_WithInnerDetails()
    {
        var registry = new WorkflowRegistry().AddOrchestrator("Parent", async ctx =>
        {
            try
            {
                await ctx.CallSubOrchestratorAsync<string>("Child");
                return "no";
            }
            catch (TaskFailedException ex)
            {
                return $"{ex.TaskName}:{ex.FailureDetails.ErrorMessage}";
            }
        });
        var harness = new ReplayHarness(registry);
        harness.Start("Parent", null, instanceId: "p");
        var child = Assert.IsType<StartSubOrchestrationAction>(Assert.Single(harness.Dispatched));
        Assert.Equal("p:0", child.InstanceId);
        harness.Episode(new SubOrchestrationInstanceFailed(0, new FailureDetails("System.Exception", "boom")));

        Assert.Equal("\"Child:boom\"", harness.Executor.Outcome?.Output);
    }

    [Fact]
    public void Timer_CanceledAfterEventWins_IgnoresItsLateFiring()
    {
        var harness = new ReplayHarness(new WorkflowRegistry().AddSamples());
        harness.Start("Approval", new { timeoutSeconds = 60 });
        var timer = Assert.IsType<CreateTimerAction>(Assert.Single(harness.Dispatched));
        harness.Episode(new EventRaised("Approval", "true"));
        Assert.Equal("\"Approved\"", harness.Executor.Outcome?.Output);
        Assert.DoesNotContain(harness.Executor.OpenActions, a => a.Id == timer.Id);
    }

    [Fact]
    public void NewGuid_IsDeterministicAcrossReplay_AndCurrentTimeComesFromHistory()
    {
        var registry = new WorkflowRegistry().AddOrchestrator("Ids", async ctx =>
        {
            var first = ctx.NewGuid();
            await ctx.CallActivityAsync<string>("A");
            return $"{first}|{ctx.NewGuid()}|{ctx.CurrentUtcDateTime:O}";
        });
        var harness = new ReplayHarness(registry);
        harness.Start("Ids", null);
        harness.Episode(new TaskCompleted(0, "null"));
        var replay = ReplayHarness.NewExecutor(registry);
        replay.Replay(harness.History);

        Assert.Equal(harness.Executor.Outcome?.Output, replay.Outcome?.Output);
        Assert.Contains(T0.AddSeconds(2).ToString("O"), replay.Outcome?.Output, StringComparison.Ordinal);
    }
}
