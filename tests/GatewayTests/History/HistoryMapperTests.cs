using System.Text.Json.Nodes;
using OrleansWorkflows.Gateway.Api;

namespace OrleansWorkflows.GatewayTests.History;

/// <summary>The engine history → Durable Functions historyEvents mapping, on hand-written history JSON.</summary>
public sealed class HistoryMapperTests
{
    private const string History = """
        [
          {"eventType":"ExecutionStarted","timestamp":"2024-05-01T10:00:00Z","name":"HelloSequence","executionId":"e1","input":"{\"n\":1}"},
          {"eventType":"OrchestratorStarted","timestamp":"2024-05-01T10:00:00Z"},
          {"eventType":"TaskScheduled","timestamp":"2024-05-01T10:00:00.5Z","eventId":0,"name":"SayHello","input":"\"Tokyo\""},
          {"eventType":"OrchestratorStarted","timestamp":"2024-05-01T10:00:01Z"},
          {"eventType":"TaskCompleted","timestamp":"2024-05-01T10:00:01Z","taskScheduledId":0,"result":"\"Hello Tokyo!\""},
          {"eventType":"TaskScheduled","timestamp":"2024-05-01T10:00:01Z","eventId":1,"name":"Flaky"},
          {"eventType":"TaskFailed","timestamp":"2024-05-01T10:00:02Z","taskScheduledId":1,"failureDetails":{"errorType":"System.InvalidOperationException","errorMessage":"boom"}},
          {"eventType":"TimerCreated","timestamp":"2024-05-01T10:00:02Z","eventId":2,"fireAt":"2024-05-01T10:05:00Z"},
          {"eventType":"TimerFired","timestamp":"2024-05-01T10:05:00.25Z","timerId":2,"fireAt":"2024-05-01T10:05:00Z"},
          {"eventType":"EventRaised","timestamp":"2024-05-01T10:06:00Z","name":"Approval","input":"true"},
          {"eventType":"TaskScheduled","timestamp":"2024-05-01T10:06:00Z","eventId":3,"name":"SayHello","input":"\"London\""},
          {"eventType":"SomethingNew","timestamp":"2024-05-01T10:06:01Z","whatever":{"a":1}},
          {"eventType":"ExecutionCompleted","timestamp":"2024-05-01T10:07:00Z","orchestrationStatus":"Completed","result":"[\"Hello Tokyo!\"]"}
        ]
        """;

    [Fact]
    public void Map_History_OmitsOrchestratorStartedAndFoldsSchedulingEvents()
    {
        var events = HistoryMapper.Map(History, showHistoryOutput: false);

        Assert.Equal(
            ["ExecutionStarted", "TaskCompleted", "TaskFailed", "TimerFired", "EventRaised", "TaskScheduled", "SomethingNew", "ExecutionCompleted"],
            events.Select(e => (string?)e!["EventType"]));
    }

    [Fact]
    public void Map_Completion_GetsFunctionNameAndScheduledTimeButNoResultByDefault()
    {
        var completed = Single(HistoryMapper.Map(History, showHistoryOutput: false), "TaskCompleted");

        Assert.Equal("SayHello", (string?)completed["FunctionName"]);
        Assert.Equal("2024-05-01T10:00:00.5Z", (string?)completed["ScheduledTime"]);
        Assert.Equal("2024-05-01T10:00:01Z", (string?)completed["Timestamp"]);
        Assert.False(completed.ContainsKey("Result"));
    }

    [Fact]
    public void Map_WithOutput_EmbedsPayloadsAsJson()
    {
        var events = HistoryMapper.Map(History, showHistoryOutput: true);

        Assert.Equal("Hello Tokyo!", (string?)Single(events, "TaskCompleted")["Result"]);
        Assert.Equal(1, (int?)Single(events, "ExecutionStarted")["Input"]!["n"]);
        Assert.True((bool?)Single(events, "EventRaised")["Input"]);
        Assert.Equal("Hello Tokyo!", (string?)Single(events, "ExecutionCompleted")["Result"]![0]);
        Assert.Equal("System.InvalidOperationException", (string?)Single(events, "TaskFailed")["Details"]!["errorType"]);
    }

    [Fact]
    public void Map_FailuresTimersAndEvents_KeepTheirFields()
    {
        var events = HistoryMapper.Map(History, showHistoryOutput: false);

        var failed = Single(events, "TaskFailed");
        Assert.Equal("Flaky", (string?)failed["FunctionName"]);
        Assert.Equal("boom", (string?)failed["Reason"]);
        Assert.False(failed.ContainsKey("Details"));
        Assert.Equal("2024-05-01T10:05:00Z", (string?)Single(events, "TimerFired")["FireAt"]);
        Assert.Equal("Approval", (string?)Single(events, "EventRaised")["FunctionName"]);
        Assert.Equal("Completed", (string?)Single(events, "ExecutionCompleted")["OrchestrationStatus"]);
        Assert.Equal("HelloSequence", (string?)Single(events, "ExecutionStarted")["FunctionName"]);
    }

    [Fact]
    public void Map_PendingSchedulingEvent_IsShownAsIs()
    {
        var pending = Single(HistoryMapper.Map(History, showHistoryOutput: false), "TaskScheduled");

        Assert.Equal("SayHello", (string?)pending["FunctionName"]);
        Assert.False(pending.ContainsKey("ScheduledTime"));
    }

    [Fact]
    public void Map_UnknownEventType_PassesThroughWithTypeAndTimestampOnly()
    {
        var unknown = Single(HistoryMapper.Map(History, showHistoryOutput: true), "SomethingNew");

        Assert.Equal(["EventType", "Timestamp"], unknown.Select(p => p.Key));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("""{"eventType":"ExecutionStarted"}""")]
    [InlineData("[1, \"x\", null]")]
    public void Map_MalformedHistory_GivesEmptyList(string? history)
    {
        Assert.Empty(HistoryMapper.Map(history, showHistoryOutput: true));
    }

    private static JsonObject Single(JsonArray events, string eventType) =>
        Assert.Single(events, e => (string?)e!["EventType"] == eventType)!.AsObject();
}
