using System.Text.Json;
using OrleansWorkflows.History;
using OrleansWorkflows.Replay;
using OrleansWorkflows.Runtime;
using OrleansWorkflows.Storage;

namespace OrleansWorkflows.Engine;

/// <summary>The outbox entries a commit adds: each stamped (this instance, next sequence number for its receiver).</summary>
internal sealed partial class EpisodePlanner
{
    /// <summary>The instance's tracing: the <c>traceparent</c> a step's message carries (a sub-orchestration start, an
    /// entity call or signal; see <see cref="Diagnostics.InstanceTracing.TraceParentOf"/>) and the caller's trace parent a
    /// continue-as-new keeps for the next execution; <c>null</c> (none) in tests of the planner alone.</summary>
    public Diagnostics.InstanceTracing? Tracing { get; init; }

    private string? TraceParentOf(int taskId) => Tracing?.TraceParentOf(taskId);

    private OutboxEntry Outgoing(EngineState state, string receiver, WorkflowMessage message)
    {
        var sequence = state.NextSequence(receiver, remember: EntityId.IsEntityInstanceId(receiver));
        var stamped = message with { Sender = instanceId, Sequence = sequence, TraceParent = message.TraceParent ?? StepTraceParent(message) };
        return new OutboxEntry(++state.LastOutboxId, receiver, JsonSerializer.Serialize(stamped, WorkflowJson.Options));
    }

    private string? StepTraceParent(WorkflowMessage message) =>
        message.Kind is WorkflowMessageKind.StartSubOrchestration or WorkflowMessageKind.EntityCall
            ? TraceParentOf(message.TaskId)
            : null;

    private static string CarriedMessage(EventRaised e, string executionId) => JsonSerializer.Serialize(
        WorkflowMessages.EventRaised(e.Name, e.Input, executionId),
        WorkflowJson.Options);

    /// <summary>
    /// Outbox entries for the entity calls, signals, lock requests and releases of an episode, plus releases of every
    /// lock still requested or held when the execution ended (so a lock is never orphaned).
    /// </summary>
    private IEnumerable<OutboxEntry> EntityOutgoing(EngineState state, EpisodeResult result, IExecutionView? execution, string executionId)
    {
        foreach (var action in result.Actions)
        {
            var (entity, message) = action switch
            {
                CallEntityAction c => (c.Entity, WorkflowMessages.EntityCall(c.Operation, c.Input, c.Id, executionId)),
                SignalEntityAction s => (s.Entity, WorkflowMessages.EntitySignal(s.Operation, s.Input, executionId) with { TraceParent = TraceParentOf(s.Id) }),
                LockEntityAction l => (l.Entity, WorkflowMessages.EntityLock(l.Id, executionId)),
                UnlockEntityAction u => (u.Entity, WorkflowMessages.EntityUnlock(executionId)),
                _ => (default(EntityId), null),
            };
            if (message is not null)
            {
                yield return Outgoing(state, entity.ToString(), message);
            }
        }

        if (execution?.Outcome is not null)
        {
            foreach (var entry in EntityLockReleases(state, execution, executionId))
            {
                yield return entry;
            }
        }
    }

    /// <summary>
    /// Releases of the entity locks <paramref name="execution"/> requested and has not released. Every way an execution
    /// ends must commit these with its last episode (completion, failure, continue-as-new, terminate).
    /// </summary>
    private List<OutboxEntry> EntityLockReleases(EngineState state, IExecutionView? execution, string executionId) =>
        (execution?.HeldEntityLocks ?? []).Select(entity => Outgoing(state, entity.ToString(), WorkflowMessages.EntityUnlock(executionId))).ToList();

    /// <summary>
    /// The execution ends: every entity it sent to is told so, after everything it sent before (same outbox, same order),
    /// and forgets its watermark for this instance; the list of those entities is emptied (the sequence counter goes on,
    /// so a later execution's messages are still above every retired watermark).
    /// </summary>
    private List<OutboxEntry> SenderFinishedMessages(EngineState state)
    {
        var receivers = state.Sent.Keys.Where(EntityId.IsEntityInstanceId).Order(StringComparer.Ordinal).ToList();
        var messages = receivers.Select(entity => Outgoing(state, entity, WorkflowMessages.SenderFinished())).ToList();
        state.Sent.Clear();
        return messages;
    }

    /// <summary>A terminated instance tells its children (when recursive) and its parent.</summary>
    private IEnumerable<OutboxEntry> TerminationMessages(EngineState state, InstanceView instance, ControlWork work)
    {
        if (work.Recursive && instance.Execution is { } execution)
        {
            foreach (var child in execution.OpenActions.OfType<StartSubOrchestrationAction>())
            {
                yield return Outgoing(state, child.InstanceId, WorkflowMessages.Terminate(work.Reason));
            }
        }

        if (instance.Record!.ParentInstanceId is { } parent)
        {
            yield return Outgoing(state, parent, WorkflowMessages.SubOrchestrationFailed(
                state.ParentTaskId ?? -1,
                state.ParentExecutionId,
                new FailureDetails("OrleansWorkflows.OrchestrationTerminated", $"Sub-orchestration '{instanceId}' was terminated: {work.Reason}")));
        }
    }

    /// <summary>One <see cref="WorkflowMessageKind.Rewind"/> per sub-orchestration the rewound execution waits for, with
    /// the version the code asked for it (so a child started afresh runs that version, not the default).</summary>
    private List<OutboxEntry> ChildRewinds(EngineState state, IExecutionView rewound, string? reason, string executionId) => rewound.Outcome is not null
        ? []
        : [.. rewound.OpenActions.OfType<StartSubOrchestrationAction>().Select(child => Outgoing(
            state, child.InstanceId, WorkflowMessages.Rewind(reason, child.Id, child.Name, child.Input, executionId, child.Version)))];

    /// <summary>The message a finished child owes its parent (none while it runs).</summary>
    private IEnumerable<OutboxEntry> OutcomeToParent(EngineState state, InstanceRecord record)
    {
        if (record.ParentInstanceId is not { } parent || !record.Status.IsTerminal())
        {
            yield break;
        }

        var (taskId, executionId) = (state.ParentTaskId ?? -1, state.ParentExecutionId);
        yield return Outgoing(state, parent, record.Status switch
        {
            OrchestrationRuntimeStatus.Completed => WorkflowMessages.SubOrchestrationCompleted(taskId, executionId, record.Output),
            OrchestrationRuntimeStatus.Failed => WorkflowMessages.SubOrchestrationFailed(
                taskId,
                executionId,
                (record.Output is { } output ? JsonSerializer.Deserialize<FailureDetails>(output, WorkflowJson.Options) : null)
                    ?? new FailureDetails("Unknown", $"Sub-orchestration '{instanceId}' failed.")),
            _ => WorkflowMessages.SubOrchestrationFailed(
                taskId, executionId, new FailureDetails("OrleansWorkflows.OrchestrationTerminated", $"Sub-orchestration '{instanceId}' was {record.Status}.")),
        });
    }
}
