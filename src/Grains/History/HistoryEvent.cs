using System.Text.Json.Serialization;

namespace OrleansWorkflows.History;

/// <summary>
/// One immutable event of an orchestration's history. History is the persisted contract: JSON with an explicit
/// <c>eventType</c> discriminator named after the event (never a CLR type name). The timestamp is stamped by the engine
/// from its clock when the event is appended, never in a constructor.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "eventType", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(OrchestratorStarted), "OrchestratorStarted")]
[JsonDerivedType(typeof(ExecutionStarted), "ExecutionStarted")]
[JsonDerivedType(typeof(ExecutionCompleted), "ExecutionCompleted")]
[JsonDerivedType(typeof(ExecutionTerminated), "ExecutionTerminated")]
[JsonDerivedType(typeof(ExecutionSuspended), "ExecutionSuspended")]
[JsonDerivedType(typeof(ExecutionResumed), "ExecutionResumed")]
[JsonDerivedType(typeof(ExecutionRewound), "ExecutionRewound")]
[JsonDerivedType(typeof(TaskScheduled), "TaskScheduled")]
[JsonDerivedType(typeof(TaskCompleted), "TaskCompleted")]
[JsonDerivedType(typeof(TaskFailed), "TaskFailed")]
[JsonDerivedType(typeof(TimerCreated), "TimerCreated")]
[JsonDerivedType(typeof(TimerFired), "TimerFired")]
[JsonDerivedType(typeof(SubOrchestrationInstanceCreated), "SubOrchestrationInstanceCreated")]
[JsonDerivedType(typeof(SubOrchestrationInstanceCompleted), "SubOrchestrationInstanceCompleted")]
[JsonDerivedType(typeof(SubOrchestrationInstanceFailed), "SubOrchestrationInstanceFailed")]
[JsonDerivedType(typeof(EventRaised), "EventRaised")]
[JsonDerivedType(typeof(EventSent), "EventSent")]
[JsonDerivedType(typeof(EntityOperationCalled), "EntityOperationCalled")]
[JsonDerivedType(typeof(EntityOperationCompleted), "EntityOperationCompleted")]
[JsonDerivedType(typeof(EntityOperationFailed), "EntityOperationFailed")]
[JsonDerivedType(typeof(EntitySignaled), "EntitySignaled")]
[JsonDerivedType(typeof(EntityLockRequested), "EntityLockRequested")]
[JsonDerivedType(typeof(EntityLockGranted), "EntityLockGranted")]
[JsonDerivedType(typeof(EntityUnlockSent), "EntityUnlockSent")]
public abstract record HistoryEvent
{
    /// <summary>When the engine appended the event (UTC).</summary>
    public DateTime Timestamp { get; init; }
}

/// <summary>An event produced by a scheduling call of the orchestration code, carrying that call's sequence number.</summary>
public interface ISchedulingEvent
{
    /// <summary>The sequence number of the scheduling call.</summary>
    int EventId { get; }

    /// <summary>A short description for non-determinism messages, e.g. <c>TaskScheduled 'SayHello'</c>.</summary>
    string Describe();
}

/// <summary>An event that completes an earlier scheduling call.</summary>
public interface ICompletionEvent
{
    /// <summary>The sequence number of the scheduling call it completes.</summary>
    int TaskScheduledId { get; }
}
