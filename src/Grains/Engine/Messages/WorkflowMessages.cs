using OrleansWorkflows.Runtime;

namespace OrleansWorkflows.Engine;

/// <summary>
/// The one way to build a <see cref="WorkflowMessage"/>: a factory per kind that sets exactly the fields the kind
/// carries and checks the required ones, so no call site fills the optional fields by hand. Readers of stored messages
/// use <see cref="ReasonOf"/> and <see cref="IsWake"/>, which also understand messages written before
/// <see cref="WorkflowMessage.Reason"/> and <see cref="WorkflowMessageKind.Wake"/> existed.
/// </summary>
internal static class WorkflowMessages
{
    /// <summary>The event name older versions used for a wake-up (an <see cref="WorkflowMessageKind.EventRaised"/>).</summary>
    public const string LegacyWakeEventName = "$ow-wake";

    /// <summary>An external event, to whichever execution is current (<paramref name="targetExecutionId"/> <c>null</c>) or to one.</summary>
    public static WorkflowMessage EventRaised(string name, string? payload, string? targetExecutionId = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        return new() { Kind = WorkflowMessageKind.EventRaised, Name = name, Payload = payload, TargetExecutionId = targetExecutionId };
    }

    /// <summary>Wakes an orchestration to run an episode; applies nothing.</summary>
    public static WorkflowMessage Wake() => new() { Kind = WorkflowMessageKind.Wake };

    /// <summary>An activity's result, to the execution that scheduled it.</summary>
    public static WorkflowMessage ActivityCompleted(string executionId, int taskId, string? output) =>
        new() { Kind = WorkflowMessageKind.ActivityCompleted, TargetExecutionId = Required(executionId), TaskId = taskId, Payload = output };

    /// <summary>An activity's failure, to the execution that scheduled it.</summary>
    public static WorkflowMessage ActivityFailed(string executionId, int taskId, FailureDetails failure) =>
        new() { Kind = WorkflowMessageKind.ActivityFailed, TargetExecutionId = Required(executionId), TaskId = taskId, Failure = Required(failure) };

    /// <summary>A child's output, to its parent's execution and task (<c>-1</c> when the parent's task is unknown).</summary>
    public static WorkflowMessage SubOrchestrationCompleted(int parentTaskId, string? parentExecutionId, string? output) =>
        new() { Kind = WorkflowMessageKind.SubOrchestrationCompleted, TaskId = parentTaskId, TargetExecutionId = parentExecutionId, Payload = output };

    /// <summary>A child's failure (or refusal to start, or termination), to its parent's execution and task.</summary>
    public static WorkflowMessage SubOrchestrationFailed(int parentTaskId, string? parentExecutionId, FailureDetails failure) =>
        new() { Kind = WorkflowMessageKind.SubOrchestrationFailed, TaskId = parentTaskId, TargetExecutionId = parentExecutionId, Failure = Required(failure) };

    /// <summary>A parent's execution asks the receiver to start as its sub-orchestration for task <paramref name="taskId"/>.</summary>
    public static WorkflowMessage StartSubOrchestration(string name, string? input, int taskId, string parentExecutionId, string? version = null) => new()
    {
        Kind = WorkflowMessageKind.StartSubOrchestration, Name = Required(name), Payload = input, TaskId = taskId, ParentExecutionId = Required(parentExecutionId),
        Version = version,
    };

    /// <summary>A parent terminating recursively asks its sub-orchestration to terminate.</summary>
    public static WorkflowMessage Terminate(string? reason) => new() { Kind = WorkflowMessageKind.Terminate, Reason = reason };

    /// <summary>A rewound parent asks a child it waits for again to rewind, start afresh or report to its new execution
    /// (<paramref name="childVersion"/>: the version the parent's code asked for the child, <c>null</c> when it asked none).</summary>
    public static WorkflowMessage Rewind(string? reason, int taskId, string childName, string? childInput, string parentExecutionId, string? childVersion = null) => new()
    {
        Kind = WorkflowMessageKind.Rewind,
        Reason = reason,
        TaskId = taskId,
        OrchestrationName = Required(childName),
        Payload = childInput,
        ParentExecutionId = Required(parentExecutionId),
        Version = childVersion,
    };

    /// <summary>A one-way entity operation.</summary>
    public static WorkflowMessage EntitySignal(string operation, string? input, string? senderExecutionId = null) =>
        new() { Kind = WorkflowMessageKind.EntitySignal, Name = Required(operation), Payload = input, SenderExecutionId = senderExecutionId };

    /// <summary>An orchestration's call of an entity operation (answered by <see cref="EntityResponse"/>).</summary>
    public static WorkflowMessage EntityCall(string operation, string? input, int taskId, string senderExecutionId) => new()
    {
        Kind = WorkflowMessageKind.EntityCall, Name = Required(operation), Payload = input, TaskId = taskId, SenderExecutionId = Required(senderExecutionId),
    };

    /// <summary>An orchestration asks for an entity's lock (answered by <see cref="EntityLockGranted"/>).</summary>
    public static WorkflowMessage EntityLock(int taskId, string senderExecutionId) =>
        new() { Kind = WorkflowMessageKind.EntityLock, TaskId = taskId, SenderExecutionId = Required(senderExecutionId) };

    /// <summary>The lock owner releases an entity's lock.</summary>
    public static WorkflowMessage EntityUnlock(string senderExecutionId) =>
        new() { Kind = WorkflowMessageKind.EntityUnlock, SenderExecutionId = Required(senderExecutionId) };

    /// <summary>An entity's answer to a call: the result, or the failure.</summary>
    public static WorkflowMessage EntityResponse(int taskId, string? callerExecutionId, string? result, FailureDetails? failure) => new()
    {
        Kind = WorkflowMessageKind.EntityResponse, TaskId = taskId, TargetExecutionId = callerExecutionId, Payload = result, Failure = failure,
    };

    /// <summary>An entity grants its lock (or, with <paramref name="failure"/>, cannot: an unknown entity name).</summary>
    public static WorkflowMessage EntityLockGranted(int taskId, string? callerExecutionId, FailureDetails? failure = null) =>
        new() { Kind = WorkflowMessageKind.EntityLockGranted, TaskId = taskId, TargetExecutionId = callerExecutionId, Failure = failure };

    /// <summary>An entity starts an orchestration (not as a child).</summary>
    public static WorkflowMessage StartOrchestration(string name, string? input) =>
        new() { Kind = WorkflowMessageKind.StartOrchestration, Name = Required(name), Payload = input };

    /// <summary>An execution ended: the entity may forget its watermark for the sender.</summary>
    public static WorkflowMessage SenderFinished() => new() { Kind = WorkflowMessageKind.SenderFinished };

    /// <summary>The reason of a <see cref="WorkflowMessageKind.Terminate"/> or <see cref="WorkflowMessageKind.Rewind"/>
    /// (older messages carry it in <see cref="WorkflowMessage.Name"/>).</summary>
    public static string? ReasonOf(WorkflowMessage message) => message.Reason ?? message.Name;

    /// <summary>A wake-up: the <see cref="WorkflowMessageKind.Wake"/> kind, or an event of the name older versions used.</summary>
    public static bool IsWake(WorkflowMessage message) =>
        message.Kind == WorkflowMessageKind.Wake || message is { Kind: WorkflowMessageKind.EventRaised, Name: LegacyWakeEventName };

    private static T Required<T>(T? value, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(value))] string? name = null)
        where T : class => value ?? throw new ArgumentNullException(name);
}
