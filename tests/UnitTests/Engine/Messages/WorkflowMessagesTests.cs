using System.Text.Json;
using OrleansWorkflows.Engine;
using OrleansWorkflows.Runtime;
using Xunit;

namespace OrleansWorkflows.UnitTests.Engine.Messages;

/// <summary>The typed message factories: each kind carries exactly its fields; stored messages of older versions (a
/// reason in <c>name</c>, the <c>$ow-wake</c> event) are still understood.</summary>
public sealed class WorkflowMessagesTests
{
    [Fact]
    public void Terminate_CarriesItsReasonInReason_NothingElse()
    {
        var message = WorkflowMessages.Terminate("operator said so");

        Assert.Equal(WorkflowMessageKind.Terminate, message.Kind);
        Assert.Equal("operator said so", message.Reason);
        Assert.Null(message.Name);
        Assert.Null(message.Payload);
        Assert.Equal("operator said so", WorkflowMessages.ReasonOf(message));
    }

    [Theory]
    [InlineData("""{"kind":6,"name":"old terminate reason","payload":"recursive","sequence":3,"sender":"parent"}""", "old terminate reason")]
    [InlineData("""{"kind":7,"name":"old rewind reason","taskId":2,"parentExecutionId":"p2"}""", "old rewind reason")]
    [InlineData("""{"kind":7,"reason":"new rewind reason","taskId":2,"parentExecutionId":"p2","orchestrationName":"Child"}""", "new rewind reason")]
    public void ReasonOf_StoredMessages_OldAndNew(string json, string reason)
    {
        var message = JsonSerializer.Deserialize<WorkflowMessage>(json, WorkflowJson.Options)!;

        Assert.Equal(reason, WorkflowMessages.ReasonOf(message));
    }

    [Fact]
    public void Wake_IsItsOwnKind_AndTheLegacyWakeEventIsStillAWake_OtherEventsAreNot()
    {
        var legacy = JsonSerializer.Deserialize<WorkflowMessage>("""{"kind":4,"name":"$ow-wake"}""", WorkflowJson.Options)!;
        var wake = JsonSerializer.Deserialize<WorkflowMessage>(JsonSerializer.Serialize(WorkflowMessages.Wake(), WorkflowJson.Options), WorkflowJson.Options)!;

        Assert.Equal(WorkflowMessageKind.Wake, wake.Kind);
        Assert.Equal(8, (int)wake.Kind);
        Assert.True(WorkflowMessages.IsWake(wake));
        Assert.True(WorkflowMessages.IsWake(legacy));
        Assert.False(WorkflowMessages.IsWake(WorkflowMessages.EventRaised("Approval", "true")));
        Assert.Null(EpisodePlanner.ToHistoryEvent(wake, DateTime.UnixEpoch));
        Assert.Null(EpisodePlanner.ToHistoryEvent(legacy, DateTime.UnixEpoch));
        Assert.NotNull(EpisodePlanner.ToHistoryEvent(WorkflowMessages.EventRaised("Approval", "true"), DateTime.UnixEpoch));
    }

    [Fact]
    public void Factories_RefuseAMissingRequiredField()
    {
        Assert.Throws<ArgumentNullException>(() => WorkflowMessages.EntityCall(null!, "1", 1, "exec"));
        Assert.Throws<ArgumentNullException>(() => WorkflowMessages.EntityCall("add", "1", 1, null!));
        Assert.Throws<ArgumentNullException>(() => WorkflowMessages.StartSubOrchestration("Child", null, 1, null!));
        Assert.Throws<ArgumentNullException>(() => WorkflowMessages.Rewind("r", 1, null!, null, "exec"));
        Assert.Throws<ArgumentNullException>(() => WorkflowMessages.ActivityFailed("exec", 1, null!));
        Assert.Throws<ArgumentNullException>(() => WorkflowMessages.EventRaised(null!, null));
    }

    [Fact]
    public void Rewind_CarriesTheChildsStart_AndTheReason()
    {
        var message = WorkflowMessages.Rewind("retry", 4, "Child", "\"in\"", "exec-2");

        Assert.Equal(
            (WorkflowMessageKind.Rewind, "retry", (string?)null, 4, "Child", "\"in\"", "exec-2"),
            (message.Kind, message.Reason, message.Name, message.TaskId, message.OrchestrationName, message.Payload, message.ParentExecutionId));
    }
}
