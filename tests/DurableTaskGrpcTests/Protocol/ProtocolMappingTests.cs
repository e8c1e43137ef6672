using System.Reflection;
using System.Text.Json.Serialization;
using OrleansWorkflows.DurableTask.Grpc.Protocol;
using OrleansWorkflows.History;
using OrleansWorkflows.Replay;
using P = Microsoft.DurableTask.Protobuf;

namespace OrleansWorkflows.DurableTaskGrpcTests.Protocol;

/// <summary>The mappings between the engine's contracts and the protocol, without a host.</summary>
public sealed class ProtocolMappingTests
{
    private static readonly DateTime Now = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    /// <summary>Event types the protocol does not carry in this slice (entities come later; a rewind is applied before mapping).</summary>
    private static readonly string[] LeftOut =
    [
        "EntityOperationCalled", "EntityOperationCompleted", "EntityOperationFailed", "EntitySignaled", "EntityLockRequested",
        "EntityLockGranted", "EntityUnlockSent", "ExecutionRewound",
    ];

    [Fact]
    public void EveryHistoryEventType_IsMappedOrExplicitlyLeftOut()
    {
        var kinds = typeof(HistoryEvent).GetCustomAttributes<JsonDerivedTypeAttribute>().Select(a => (string)a.TypeDiscriminator!).ToList();
        var mapped = Samples().Select(e => e.GetType().Name).ToList();

        Assert.Equal(kinds.Order(StringComparer.Ordinal), mapped.Concat(LeftOut).Order(StringComparer.Ordinal));
        Assert.All(Samples(), e => Assert.NotNull(ProtoHistory.ToProto(e, "i")));
    }

    [Fact]
    public void SchedulingEvents_KeepTheirSequenceNumber_OthersAreMinusOne()
    {
        var scheduled = ProtoHistory.ToProto(new TaskScheduled(7, "A", "1") { Timestamp = Now }, "i")!;
        var raised = ProtoHistory.ToProto(new EventRaised("E", "2") { Timestamp = Now }, "i")!;
        var started = ProtoHistory.ToProto(new ExecutionStarted("O", "x1", "3") { ParentInstanceId = "p", ParentTaskId = 4, Timestamp = Now }, "i")!;

        Assert.Equal((7, "A", "1"), (scheduled.EventId, scheduled.TaskScheduled.Name, scheduled.TaskScheduled.Input));
        Assert.Equal(-1, raised.EventId);
        Assert.Equal(("i", "x1", "p", 4), (started.ExecutionStarted.OrchestrationInstance.InstanceId, started.ExecutionStarted.OrchestrationInstance.ExecutionId,
            started.ExecutionStarted.ParentInstance.OrchestrationInstance.InstanceId, started.ExecutionStarted.ParentInstance.TaskScheduledId));
        Assert.Equal(Now, scheduled.Timestamp.ToDateTime());
    }

    [Fact]
    public void WorkerActions_BecomeHistoryEventsAndEngineActions_UnderTheWorkersIds()
    {
        var response = new P.OrchestratorResponse();
        response.Actions.Add(new P.OrchestratorAction { Id = 3, ScheduleTask = new P.ScheduleTaskAction { Name = "A", Input = "1" } });
        response.Actions.Add(new P.OrchestratorAction { Id = 4, CreateTimer = new P.CreateTimerAction { FireAt = ProtoHistory.ToTimestamp(Now) } });
        response.Actions.Add(new P.OrchestratorAction { Id = 5, CreateSubOrchestration = new P.CreateSubOrchestrationAction { Name = "C", InstanceId = "c1" } });
        response.Actions.Add(new P.OrchestratorAction
        {
            Id = 6, SendEvent = new P.SendEventAction { Instance = new P.OrchestrationInstance { InstanceId = "t" }, Name = "E", Data = "2" },
        });

        var episode = ProtoActions.ToEpisode(response, Now);

        HistoryEvent[] events =
        [
            new TaskScheduled(3, "A", "1") { Timestamp = Now }, new TimerCreated(4, Now) { Timestamp = Now },
            new SubOrchestrationInstanceCreated(5, "C", "c1", null) { Timestamp = Now }, new EventSent(6, "t", "E", "2") { Timestamp = Now },
        ];
        OrchestratorAction[] actions =
        [
            new ScheduleActivityAction(3, "A", "1", 1), new CreateTimerAction(4, Now), new StartSubOrchestrationAction(5, "C", "c1", null),
            new SendEventAction(6, "t", "E", "2"),
        ];
        Assert.Equal(events, episode.Events);
        Assert.Equal(actions, episode.Actions);
        Assert.Null(episode.Outcome);
    }

    [Fact]
    public void ContinueAsNew_CarriesTheWorkersCarryoverEvents()
    {
        var complete = new P.CompleteOrchestrationAction { OrchestrationStatus = P.OrchestrationStatus.ContinuedAsNew, Result = "5" };
        complete.CarryoverEvents.Add(new P.HistoryEvent { EventId = -1, EventRaised = new P.EventRaisedEvent { Name = "Add", Input = "1" } });
        var response = new P.OrchestratorResponse();
        response.Actions.Add(new P.OrchestratorAction { Id = 1, CompleteOrchestration = complete });

        var episode = ProtoActions.ToEpisode(response, Now);

        Assert.Equal(OrchestrationRuntimeStatus.ContinuedAsNew, episode.Outcome!.Status);
        Assert.Equal("5", episode.Outcome.Output);
        Assert.Equal(new[] { new EventRaised("Add", "1") }, episode.Outcome.CarriedEvents);
        Assert.IsType<ExecutionCompleted>(episode.Events[^1]);
    }

    [Fact]
    public void UnservedAction_FailsTheExecutionSayingWhy()
    {
        var response = new P.OrchestratorResponse();
        response.Actions.Add(new P.OrchestratorAction { Id = 2, SendEntityMessage = new P.SendEntityMessageAction() });

        var episode = ProtoActions.ToEpisode(response, Now);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, episode.Outcome!.Status);
        Assert.Contains("entities", episode.Outcome.Failure!.ErrorMessage, StringComparison.Ordinal);
    }

    private static HistoryEvent[] Samples() =>
    [
        new OrchestratorStarted { Timestamp = Now },
        new ExecutionStarted("O", "x", null) { Timestamp = Now },
        new ExecutionCompleted(OrchestrationRuntimeStatus.Completed, "1", null) { Timestamp = Now },
        new ExecutionTerminated("r") { Timestamp = Now },
        new ExecutionSuspended("r") { Timestamp = Now },
        new ExecutionResumed("r") { Timestamp = Now },
        new TaskScheduled(1, "A", null) { Timestamp = Now },
        new TaskCompleted(1, "1") { Timestamp = Now },
        new TaskFailed(1, new FailureDetails("T", "m")) { Timestamp = Now },
        new TimerCreated(2, Now) { Timestamp = Now },
        new TimerFired(2, Now) { Timestamp = Now },
        new SubOrchestrationInstanceCreated(3, "C", "c", null) { Timestamp = Now },
        new SubOrchestrationInstanceCompleted(3, "1") { Timestamp = Now },
        new SubOrchestrationInstanceFailed(3, new FailureDetails("T", "m")) { Timestamp = Now },
        new EventRaised("E", null) { Timestamp = Now },
        new EventSent(4, "t", "E", null) { Timestamp = Now },
    ];
}
