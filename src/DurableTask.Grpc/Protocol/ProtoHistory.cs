using Google.Protobuf.WellKnownTypes;
using OrleansWorkflows.History;
using P = Microsoft.DurableTask.Protobuf;

namespace OrleansWorkflows.DurableTask.Grpc.Protocol;

/// <summary>
/// The engine's persisted history contract (<see cref="HistoryEvent"/>) as the protocol's history events: what a remote
/// worker replays, and what <c>StreamInstanceHistory</c> returns. Scheduling events keep their sequence number as the
/// proto <c>eventId</c> (completions refer to it); every other event has <c>eventId = -1</c>, as in Durable Task.
/// Events the protocol has no counterpart for in this slice (entity events, <see cref="ExecutionRewound"/>) are left out.
/// </summary>
internal static class ProtoHistory
{
    public static IEnumerable<P.HistoryEvent> ToProto(IEnumerable<HistoryEvent> history, string instanceId) =>
        history.Select(e => ToProto(e, instanceId)).OfType<P.HistoryEvent>();

    public static P.HistoryEvent? ToProto(HistoryEvent e, string instanceId)
    {
        var proto = new P.HistoryEvent { EventId = e is ISchedulingEvent s ? s.EventId : -1, Timestamp = ToTimestamp(e.Timestamp) };
        switch (e)
        {
            case OrchestratorStarted:
                proto.OrchestratorStarted = new P.OrchestratorStartedEvent();
                break;
            case ExecutionStarted started:
                proto.ExecutionStarted = Started(started, instanceId);
                break;
            case ExecutionCompleted completed:
                proto.ExecutionCompleted = new P.ExecutionCompletedEvent
                {
                    OrchestrationStatus = ProtoStates.ToProto(completed.OrchestrationStatus),
                    Result = completed.Result,
                    FailureDetails = ProtoStates.ToProto(completed.FailureDetails),
                };
                break;
            case ExecutionTerminated terminated:
                proto.ExecutionTerminated = new P.ExecutionTerminatedEvent { Input = terminated.Reason };
                break;
            case ExecutionSuspended suspended:
                proto.ExecutionSuspended = new P.ExecutionSuspendedEvent { Input = suspended.Reason };
                break;
            case ExecutionResumed resumed:
                proto.ExecutionResumed = new P.ExecutionResumedEvent { Input = resumed.Reason };
                break;
            case TaskScheduled scheduled:
                proto.TaskScheduled = new P.TaskScheduledEvent { Name = scheduled.Name, Input = scheduled.Input };
                break;
            case TaskCompleted completed:
                proto.TaskCompleted = new P.TaskCompletedEvent { TaskScheduledId = completed.TaskScheduledId, Result = completed.Result };
                break;
            case TaskFailed failed:
                proto.TaskFailed = new P.TaskFailedEvent { TaskScheduledId = failed.TaskScheduledId, FailureDetails = ProtoStates.ToProto(failed.FailureDetails) };
                break;
            case TimerCreated timer:
                proto.TimerCreated = new P.TimerCreatedEvent { FireAt = ToTimestamp(timer.FireAt) };
                break;
            case TimerFired fired:
                proto.TimerFired = new P.TimerFiredEvent { TimerId = fired.TimerId, FireAt = ToTimestamp(fired.FireAt) };
                break;
            case SubOrchestrationInstanceCreated created:
                proto.SubOrchestrationInstanceCreated = new P.SubOrchestrationInstanceCreatedEvent
                {
                    InstanceId = created.InstanceId, Name = created.Name, Input = created.Input,
                };
                break;
            case SubOrchestrationInstanceCompleted completed:
                proto.SubOrchestrationInstanceCompleted = new P.SubOrchestrationInstanceCompletedEvent
                {
                    TaskScheduledId = completed.TaskScheduledId, Result = completed.Result,
                };
                break;
            case SubOrchestrationInstanceFailed failed:
                proto.SubOrchestrationInstanceFailed = new P.SubOrchestrationInstanceFailedEvent
                {
                    TaskScheduledId = failed.TaskScheduledId, FailureDetails = ProtoStates.ToProto(failed.FailureDetails),
                };
                break;
            case EventRaised raised:
                proto.EventRaised = new P.EventRaisedEvent { Name = raised.Name, Input = raised.Input };
                break;
            case EventSent sent:
                proto.EventSent = new P.EventSentEvent { InstanceId = sent.InstanceId, Name = sent.Name, Input = sent.Input };
                break;
            default:
                return null;
        }

        return proto;
    }

    public static Timestamp ToTimestamp(DateTime time) => Timestamp.FromDateTime(DateTime.SpecifyKind(time, DateTimeKind.Utc));

    private static P.ExecutionStartedEvent Started(ExecutionStarted started, string instanceId) => new()
    {
        Name = started.Name,
        Version = started.Version,
        Input = started.Input,
        OrchestrationInstance = new P.OrchestrationInstance { InstanceId = instanceId, ExecutionId = started.ExecutionId },
        ParentInstance = started.ParentInstanceId is null ? null : new P.ParentInstanceInfo
        {
            TaskScheduledId = started.ParentTaskId ?? -1,
            OrchestrationInstance = new P.OrchestrationInstance { InstanceId = started.ParentInstanceId, ExecutionId = started.ParentExecutionId },
        },
        ParentTraceContext = started.TraceParent is null ? null : new P.TraceContext { TraceParent = started.TraceParent },
    };
}
