using System.Text.Json.Nodes;
using OrleansWorkflows.Gateway.Api;

namespace OrleansWorkflows.GatewayTests.Dashboard;

/// <summary>The dashboard's timeline: history JSON (hand-written, in the engine's contract) → bars.</summary>
public sealed class TimelineBuilderTests
{
    private const string History = """
        [
          {"eventType":"ExecutionStarted","timestamp":"2024-05-01T10:00:00Z","name":"Parent","executionId":"e1","parentInstanceId":"grand"},
          {"eventType":"OrchestratorStarted","timestamp":"2024-05-01T10:00:00Z"},
          {"eventType":"TaskScheduled","timestamp":"2024-05-01T10:00:00Z","eventId":0,"name":"Flaky","attempt":1},
          {"eventType":"TaskFailed","timestamp":"2024-05-01T10:00:01Z","taskScheduledId":0,"failureDetails":{"errorType":"System.InvalidOperationException","errorMessage":"attempt 1 fails"}},
          {"eventType":"TimerCreated","timestamp":"2024-05-01T10:00:01Z","eventId":1,"fireAt":"2024-05-01T10:00:02Z"},
          {"eventType":"TimerFired","timestamp":"2024-05-01T10:00:02.5Z","timerId":1,"fireAt":"2024-05-01T10:00:02Z"},
          {"eventType":"TaskScheduled","timestamp":"2024-05-01T10:00:02.5Z","eventId":2,"name":"Flaky","attempt":2},
          {"eventType":"TaskCompleted","timestamp":"2024-05-01T10:00:03Z","taskScheduledId":2,"result":"2"},
          {"eventType":"SubOrchestrationInstanceCreated","timestamp":"2024-05-01T10:00:03Z","eventId":3,"name":"Child","instanceId":"p:3"},
          {"eventType":"EntityLockRequested","timestamp":"2024-05-01T10:00:03Z","eventId":4,"entityId":"@account@a"},
          {"eventType":"EntityLockGranted","timestamp":"2024-05-01T10:00:04Z","taskScheduledId":4},
          {"eventType":"EntityOperationCalled","timestamp":"2024-05-01T10:00:04Z","eventId":5,"entityId":"@account@a","operation":"balance"},
          {"eventType":"EntityOperationCompleted","timestamp":"2024-05-01T10:00:05Z","taskScheduledId":5,"result":"10"},
          {"eventType":"EntitySignaled","timestamp":"2024-05-01T10:00:05Z","eventId":6,"entityId":"@counter@c","operation":"Add","input":"1"},
          {"eventType":"EventRaised","timestamp":"2024-05-01T10:00:06Z","name":"Approval","input":"true"},
          {"eventType":"SubOrchestrationInstanceFailed","timestamp":"2024-05-01T10:00:07Z","taskScheduledId":3,"failureDetails":{"errorType":"X","errorMessage":"child failed"}},
          {"eventType":"TaskScheduled","timestamp":"2024-05-01T10:00:07Z","eventId":7,"name":"SayHello"},
          {"eventType":"SomethingNew","timestamp":"2024-05-01T10:00:08Z"}
        ]
        """;

    private static TimelineResponse Build(string history = History, bool truncated = false) =>
        TimelineBuilder.Build("p", JsonNode.Parse(history)!.AsArray().OfType<JsonObject>(), truncated);

    [Fact]
    public void Build_History_OneBarPerStepInHistoryOrder_WithTheExecutionFirst()
    {
        var timeline = Build();

        Assert.Equal(
            ["orchestration", "activity", "timer", "activity", "suborchestration", "lock", "entity", "entity", "event", "activity"],
            timeline.Bars.Select(b => b.Kind));
        Assert.Equal("Parent", timeline.Name);
        Assert.Equal("grand", timeline.ParentInstanceId);
        Assert.Equal(18, timeline.Events);
        Assert.Equal("2024-05-01T10:00:00Z", timeline.Start);
        Assert.Null(timeline.End);
        Assert.Equal("running", timeline.Bars[0].Status);
    }

    [Fact]
    public void Build_RetriedActivity_EachAttemptIsABar_TheFailedOneWithItsMessage()
    {
        var attempts = Build().Bars.Where(b => b.Name == "Flaky").ToList();

        Assert.Equal([1, 2], attempts.Select(a => a.Attempt));
        Assert.Equal(("failed", "attempt 1 fails"), (attempts[0].Status, attempts[0].Detail));
        Assert.Equal(("2024-05-01T10:00:00Z", "2024-05-01T10:00:01Z"), (attempts[0].Start, attempts[0].End));
        Assert.Equal(("completed", "2024-05-01T10:00:02.5Z", "2024-05-01T10:00:03Z"), (attempts[1].Status, attempts[1].Start, attempts[1].End));
    }

    [Fact]
    public void Build_TimersChildrenEntitiesAndEvents_CarryTheirTargetsAndEnds()
    {
        var bars = Build().Bars;

        var timer = Assert.Single(bars, b => b.Kind == "timer");
        Assert.Equal(("fired", "2024-05-01T10:00:02.5Z", "due 2024-05-01T10:00:02Z"), (timer.Status, timer.End, timer.Detail));
        var child = Assert.Single(bars, b => b.Kind == "suborchestration");
        Assert.Equal(("Child", "p:3", "failed", "child failed"), (child.Name, child.Target, child.Status, child.Detail));
        var entityLock = Assert.Single(bars, b => b.Kind == "lock");
        Assert.Equal(("@account@a", "granted", "2024-05-01T10:00:04Z"), (entityLock.Target, entityLock.Status, entityLock.End));
        var call = Assert.Single(bars, b => b is { Kind: "entity", Status: "completed" });
        Assert.Equal(("balance", "@account@a"), (call.Name, call.Target));
        var signal = Assert.Single(bars, b => b is { Kind: "entity", Status: "signaled" });
        Assert.Equal(signal.Start, signal.End);
        var raised = Assert.Single(bars, b => b.Kind == "event");
        Assert.Equal(("Approval", "received", "2024-05-01T10:00:06Z", "2024-05-01T10:00:06Z"), (raised.Name, raised.Status, raised.Start, raised.End));
    }

    [Fact]
    public void Build_UnansweredStep_HasNoEnd()
    {
        var pending = Build().Bars[^1];

        Assert.Equal(("SayHello", "running", null), (pending.Name, pending.Status, pending.End));
    }

    [Fact]
    public void Build_FinishedExecution_EndsTheOrchestrationBarWithItsStatusAndFailure()
    {
        var history = History.TrimEnd()[..^1] + """
            ,{"eventType":"ExecutionCompleted","timestamp":"2024-05-01T10:00:09Z","orchestrationStatus":"Failed","failureDetails":{"errorType":"X","errorMessage":"gave up"}}]
            """;

        var timeline = Build(history, truncated: true);

        Assert.Equal(("failed", "gave up", "2024-05-01T10:00:09Z"), (timeline.Bars[0].Status, timeline.Bars[0].Detail, timeline.Bars[0].End));
        Assert.Equal("2024-05-01T10:00:09Z", timeline.End);
        Assert.Equal(("SayHello", "unfinished", null), (timeline.Bars[^1].Name, timeline.Bars[^1].Status, timeline.Bars[^1].End));
        Assert.True(timeline.Truncated);
    }

    [Fact]
    public void Build_SuspendedThenResumed_IsOneSuspensionBar_AndTerminationEndsTheExecution()
    {
        const string history = """
            [
              {"eventType":"ExecutionStarted","timestamp":"2024-05-01T10:00:00Z","name":"Approval","executionId":"e1"},
              {"eventType":"ExecutionSuspended","timestamp":"2024-05-01T10:00:01Z","reason":"look"},
              {"eventType":"ExecutionResumed","timestamp":"2024-05-01T10:00:03Z"},
              {"eventType":"ExecutionTerminated","timestamp":"2024-05-01T10:00:04Z","reason":"enough"}
            ]
            """;

        var bars = Build(history).Bars;

        Assert.Equal(("orchestration", "terminated", "enough", "2024-05-01T10:00:04Z"), (bars[0].Kind, bars[0].Status, bars[0].Detail, bars[0].End));
        Assert.Equal(("suspension", "resumed", "2024-05-01T10:00:01Z", "2024-05-01T10:00:03Z"), (bars[1].Kind, bars[1].Status, bars[1].Start, bars[1].End));
        Assert.Equal(2, bars.Count);
    }
}
