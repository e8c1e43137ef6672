using OrleansWorkflows.Gateway.Api;
using OrleansWorkflows.History;

namespace OrleansWorkflows.GatewayTests.History;

/// <summary>The mapper reads what the engine really writes: history serialized by the engine's own contract.</summary>
public sealed class EngineHistoryContractTests
{
    private static readonly DateTime Start = new(2024, 5, 1, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Map_EngineSerializedHistory_FoldsActivitiesAndTimers()
    {
        HistoryEvent[] history =
        [
            new ExecutionStarted("Retry", "exec-1", null) { Timestamp = Start },
            new OrchestratorStarted { Timestamp = Start },
            new TaskScheduled(0, "Flaky", null) { Timestamp = Start },
            new TaskFailed(0, new FailureDetails("System.InvalidOperationException", "fails on purpose")) { Timestamp = Start.AddSeconds(1) },
            new TimerCreated(1, Start.AddSeconds(2)) { Timestamp = Start.AddSeconds(1) },
            new TimerFired(1, Start.AddSeconds(2)) { Timestamp = Start.AddSeconds(2) },
            new TaskScheduled(2, "Flaky", null) { Timestamp = Start.AddSeconds(2) },
            new TaskCompleted(2, "2") { Timestamp = Start.AddSeconds(3) },
            new ExecutionCompleted(OrchestrationRuntimeStatus.Completed, "2", null) { Timestamp = Start.AddSeconds(3) },
        ];

        var events = HistoryMapper.Map(HistorySerializer.SerializeHistory(history), showHistoryOutput: true);

        Assert.Equal(
            ["ExecutionStarted", "TaskFailed", "TimerFired", "TaskCompleted", "ExecutionCompleted"],
            events.Select(e => (string?)e!["EventType"]));
        var failed = events[1]!;
        Assert.Equal("Flaky", (string?)failed["FunctionName"]);
        Assert.Equal("fails on purpose", (string?)failed["Reason"]);
        Assert.Equal("2024-05-01T10:00:02Z", (string?)events[2]!["FireAt"]);
        Assert.Equal("2024-05-01T10:00:01Z", (string?)events[2]!["ScheduledTime"]);
        Assert.Equal(2, (int?)events[3]!["Result"]);
        Assert.Equal("Completed", (string?)events[4]!["OrchestrationStatus"]);
        Assert.Equal("2024-05-01T10:00:03Z", (string?)events[4]!["Timestamp"]);
    }
}
