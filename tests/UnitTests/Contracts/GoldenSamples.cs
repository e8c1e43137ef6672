using OrleansWorkflows.Engine;
using OrleansWorkflows.Entities;
using OrleansWorkflows.History;
using OrleansWorkflows.Runtime;

namespace OrleansWorkflows.UnitTests.Contracts;

/// <summary>
/// One fully populated sample of every persisted shape (every property set to a non-default value), the source of the
/// golden files in <c>Golden/</c>. A new history event type or message kind needs a sample here and a golden file.
/// </summary>
internal static class GoldenSamples
{
    private static readonly DateTime At = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddTicks(1234567);
    private static readonly FailureDetails Failure = new(
        "System.InvalidOperationException", "outer failure", "   at Outer()", new FailureDetails("System.TimeoutException", "inner failure", "   at Inner()"));

    /// <summary>One sample per history event type, keyed by CLR type.</summary>
    public static IReadOnlyDictionary<Type, HistoryEvent> HistoryEvents { get; } = new HistoryEvent[]
    {
        new OrchestratorStarted { Timestamp = At },
        new ExecutionStarted("HelloSequence", "exec-1", """{"city":"Tokyo"}""")
        {
            Timestamp = At, Version = "2.1", ParentInstanceId = "parent-1", ParentExecutionId = "parent-exec-1", ParentTaskId = 7,
            TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        },
        new ExecutionCompleted(OrchestrationRuntimeStatus.Failed, "\"partial\"", Failure) { Timestamp = At },
        new ExecutionTerminated("\"stopped by operator\"") { Timestamp = At },
        new ExecutionSuspended("maintenance") { Timestamp = At },
        new ExecutionResumed("maintenance over") { Timestamp = At },
        new ExecutionRewound("fixed the bug") { Timestamp = At },
        new TaskScheduled(3, "SayHello", "\"Tokyo\"") { Timestamp = At, Attempt = 4 },
        new TaskCompleted(3, "\"Hello Tokyo!\"") { Timestamp = At },
        new TaskFailed(3, Failure) { Timestamp = At },
        new TimerCreated(5, At.AddMinutes(5)) { Timestamp = At },
        new TimerFired(5, At.AddMinutes(5)) { Timestamp = At },
        new SubOrchestrationInstanceCreated(6, "Child", "parent-1:6", "{\"n\":2}") { Timestamp = At },
        new SubOrchestrationInstanceCompleted(6, "{\"sum\":3}") { Timestamp = At },
        new SubOrchestrationInstanceFailed(6, Failure) { Timestamp = At },
        new EventRaised("Approval", "true") { Timestamp = At },
        new EventSent(8, "other-instance", "Approval", "false") { Timestamp = At },
        new EntityOperationCalled(9, "@counter@orders", "Add", "5") { Timestamp = At },
        new EntityOperationCompleted(9, "12") { Timestamp = At },
        new EntityOperationFailed(9, Failure) { Timestamp = At },
        new EntitySignaled(10, "@counter@orders", "Reset", "null") { Timestamp = At },
        new EntityLockRequested(11, "@account@a") { Timestamp = At },
        new EntityLockGranted(11) { Timestamp = At },
        new EntityUnlockSent(12, "@account@a") { Timestamp = At },
    }.ToDictionary(e => e.GetType());

    /// <summary>One sample per message kind, as an inbox or outbox row holds it (stamped with sender and sequence where
    /// the engine stamps them).</summary>
    public static IReadOnlyDictionary<WorkflowMessageKind, WorkflowMessage> Messages { get; } = new WorkflowMessage[]
    {
        new() { Kind = WorkflowMessageKind.ActivityCompleted, TargetExecutionId = "exec-1", TaskId = 3, Payload = "\"Hello Tokyo!\"", TraceParent = Trace },
        new() { Kind = WorkflowMessageKind.ActivityFailed, TargetExecutionId = "exec-1", TaskId = 3, Failure = Failure, TraceParent = Trace },
        new() { Kind = WorkflowMessageKind.SubOrchestrationCompleted, TargetExecutionId = "parent-exec-1", TaskId = 6, Payload = "{\"sum\":3}", Sender = "parent-1:6", Sequence = 638000000000000003 },
        new() { Kind = WorkflowMessageKind.SubOrchestrationFailed, TargetExecutionId = "parent-exec-1", TaskId = 6, Failure = Failure, Sender = "parent-1:6", Sequence = 638000000000000004 },
        new() { Kind = WorkflowMessageKind.EventRaised, TargetExecutionId = "exec-1", Name = "Approval", Payload = "true", Sender = "other-instance", Sequence = 638000000000000005 },
        new()
        {
            Kind = WorkflowMessageKind.StartSubOrchestration, TaskId = 6, Name = "Child", Payload = "{\"n\":2}", Sender = "parent-1", Sequence = 638000000000000006,
            ParentExecutionId = "parent-exec-1", TraceParent = Trace, Version = "2",
        },
        new() { Kind = WorkflowMessageKind.Terminate, Reason = "\"stopped by operator\"", Sender = "parent-1", Sequence = 638000000000000007 },
        new()
        {
            Kind = WorkflowMessageKind.Rewind, TaskId = 6, Reason = "fixed the bug", Payload = "{\"n\":2}", Sender = "parent-1", Sequence = 638000000000000008,
            ParentExecutionId = "parent-exec-2", OrchestrationName = "Child",
        },
        new() { Kind = WorkflowMessageKind.EntitySignal, Name = "Add", Payload = "5", Sender = "orch-a", Sequence = 638000000000000009, TraceParent = Trace },
        new() { Kind = WorkflowMessageKind.EntityCall, TaskId = 9, Name = "Add", Payload = "5", Sender = "orch-a", Sequence = 638000000000000010, SenderExecutionId = "exec-a" },
        new() { Kind = WorkflowMessageKind.EntityLock, TaskId = 11, Sender = "orch-a", Sequence = 638000000000000011, SenderExecutionId = "exec-a" },
        new() { Kind = WorkflowMessageKind.EntityUnlock, Sender = "orch-a", Sequence = 638000000000000012, SenderExecutionId = "exec-a" },
        new() { Kind = WorkflowMessageKind.EntityResponse, TargetExecutionId = "exec-a", TaskId = 9, Payload = "12", Sender = "@counter@orders", Sequence = 639000000000000001 },
        new() { Kind = WorkflowMessageKind.EntityLockGranted, TargetExecutionId = "exec-a", TaskId = 11, Sender = "@account@a", Sequence = 639000000000000002 },
        new() { Kind = WorkflowMessageKind.StartOrchestration, Name = "HelloSequence", Payload = "{\"city\":\"Tokyo\"}", Sender = "@counter@orders", Sequence = 639000000000000003 },
        new() { Kind = WorkflowMessageKind.SenderFinished, Sender = "orch-a", Sequence = 638000000000000013 },
        new() { Kind = WorkflowMessageKind.Wake },
    }.ToDictionary(m => m.Kind);

    /// <summary>The messages as main wrote them before the reason field existed (<c>Golden/v0</c>, 18d6fa5): a Terminate
    /// or Rewind carried its reason in <c>name</c> (a Terminate also the never-read payload <c>"recursive"</c>), and a
    /// StartSubOrchestration no orchestration version; every other kind reads as today's sample.</summary>
    public static IReadOnlyDictionary<WorkflowMessageKind, WorkflowMessage> LegacyMessages { get; } = new Dictionary<WorkflowMessageKind, WorkflowMessage>(Messages)
    {
        [WorkflowMessageKind.Terminate] = Messages[WorkflowMessageKind.Terminate] with { Reason = null, Name = "\"stopped by operator\"", Payload = "recursive" },
        [WorkflowMessageKind.Rewind] = Messages[WorkflowMessageKind.Rewind] with { Reason = null, Name = "fixed the bug" },

        // Written before orchestration versions: no version (the child's default version).
        [WorkflowMessageKind.StartSubOrchestration] = Messages[WorkflowMessageKind.StartSubOrchestration] with { Version = null },
    };

    /// <summary>An orchestration's engine state with every field set (the bookkeeping's optional ones included).</summary>
    public static EngineState EngineState() => new()
    {
        ParentExecutionId = "parent-exec-1",
        ParentTaskId = 6,
        Version = "2.1",
        StartRequestId = "start-req-1",
        ControlRequestIds = ["ctl-req-1", "ctl-req-2"],
        RewoundExecutionIds = ["exec-0", "exec-00"],
        ScheduledStartAt = At,
        ScheduledTraceParent = Trace,
        Sent = new(StringComparer.Ordinal) { ["@counter@orders"] = 638000000000000012, ["@account@a"] = 638000000000000011 },
        Applied = new(StringComparer.Ordinal) { ["@counter@orders"] = 639000000000000001, ["other-instance"] = 637000000000000042 },
        Retired = new(StringComparer.Ordinal) { ["finished-instance"] = new RetiredSender(637000000000000050, At) },
        LastSequence = 638000000000000013,
        LastOutboxId = 21,
        SequenceBase = 638000000000000000,
    };

    /// <summary>
    /// The engine state as <c>Golden/v0</c> holds it (written before the scheduled-start fields existed): the sample with
    /// those fields absent, which is how such a state reads.
    /// </summary>
    public static EngineState EngineStateOfV0()
    {
        var state = EngineState();
        state.ScheduledStartAt = null;
        state.ScheduledTraceParent = null;
        return state;
    }

    /// <summary>An entity's engine state with every field set. <see cref="MessageBookkeeping.Sent"/> stays empty: an
    /// entity keeps no receiver list and drops it on every read.</summary>
    public static EntityEngineState EntityEngineState() => new()
    {
        LockOwner = "orch-a",
        LockExecutionId = "exec-a",
        Applied = new(StringComparer.Ordinal) { ["orch-a"] = 638000000000000012, ["@other@entity"] = 639100000000000002 },
        Retired = new(StringComparer.Ordinal) { ["orch-b"] = new RetiredSender(638000000000000020, At) },
        LastSequence = 639000000000000003,
        LastOutboxId = 19,
        SequenceBase = 639000000000000000,
    };

    private const string Trace = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
}
