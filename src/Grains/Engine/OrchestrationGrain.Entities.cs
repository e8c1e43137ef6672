using OrleansWorkflows.History;
using OrleansWorkflows.Replay;
using OrleansWorkflows.Runtime;
using OrleansWorkflows.Storage;

namespace OrleansWorkflows.Engine;

/// <summary>The orchestration's side of durable entities: requests out through the outbox, answers in through the inbox.</summary>
internal sealed partial class OrchestrationGrain
{
    /// <summary>
    /// Outbox entries for the entity calls, signals, lock requests and releases of an episode, plus releases of every
    /// lock still requested or held when the execution ended (so a lock is never orphaned).
    /// </summary>
    private IEnumerable<OutboxEntry> EntityOutgoing(EngineState state, EpisodeResult result, OrchestrationExecutor? executor, string executionId)
    {
        foreach (var action in result.Actions)
        {
            var (entity, message) = action switch
            {
                CallEntityAction c => (c.Entity, new WorkflowMessage { Kind = WorkflowMessageKind.EntityCall, Name = c.Operation, Payload = c.Input, TaskId = c.Id }),
                SignalEntityAction s => (s.Entity, new WorkflowMessage { Kind = WorkflowMessageKind.EntitySignal, Name = s.Operation, Payload = s.Input }),
                LockEntityAction l => (l.Entity, new WorkflowMessage { Kind = WorkflowMessageKind.EntityLock, TaskId = l.Id }),
                UnlockEntityAction u => (u.Entity, new WorkflowMessage { Kind = WorkflowMessageKind.EntityUnlock }),
                _ => (default(EntityId), null),
            };
            if (message is not null)
            {
                yield return Outgoing(state, entity.ToString(), message with { SenderExecutionId = executionId });
            }
        }

        if (executor?.Outcome is not null)
        {
            foreach (var entry in EntityLockReleases(state, executor, executionId))
            {
                yield return entry;
            }
        }
    }

    /// <summary>
    /// Releases of the entity locks <paramref name="executor"/> requested and has not released. Every way an execution
    /// ends must commit these with its last episode (completion, failure, continue-as-new, terminate).
    /// </summary>
    private IEnumerable<OutboxEntry> EntityLockReleases(EngineState state, OrchestrationExecutor? executor, string executionId) =>
        (executor?.HeldEntityLocks ?? []).Select(entity => Outgoing(state, entity.ToString(), new WorkflowMessage
        {
            Kind = WorkflowMessageKind.EntityUnlock, SenderExecutionId = executionId,
        })).ToList();

    /// <summary>
    /// The execution ends: every entity it sent to is told so, after everything it sent before (same outbox, same order),
    /// and forgets its watermark for this instance; the list of those entities is emptied (the sequence counter goes on,
    /// so a later execution's messages are still above every retired watermark).
    /// </summary>
    private List<OutboxEntry> SenderFinishedMessages(EngineState state)
    {
        var receivers = state.Sent.Keys.Where(EntityId.IsEntityInstanceId).Order(StringComparer.Ordinal).ToList();
        var messages = receivers.Select(entity => Outgoing(state, entity, new WorkflowMessage { Kind = WorkflowMessageKind.SenderFinished })).ToList();
        state.Sent.Clear();
        return messages;
    }

    /// <summary>An entity's answer (from the inbox) as the history event it becomes.</summary>
    private static HistoryEvent? ToEntityHistoryEvent(WorkflowMessage message, DateTime now) => message switch
    {
        { Kind: WorkflowMessageKind.EntityResponse or WorkflowMessageKind.EntityLockGranted, Failure: { } failure } =>
            new EntityOperationFailed(message.TaskId, failure) { Timestamp = now },
        { Kind: WorkflowMessageKind.EntityResponse } => new EntityOperationCompleted(message.TaskId, message.Payload) { Timestamp = now },
        { Kind: WorkflowMessageKind.EntityLockGranted } => new EntityLockGranted(message.TaskId) { Timestamp = now },
        _ => null,
    };

    /// <summary>An entity starts this instance (not as a child). The sender's sequence number makes a re-sent start a no-op.</summary>
    private async Task StartFromEntityAsync(WorkflowMessage message)
    {
        if (message.Sender is { } sender && _state.IsApplied(sender, message.Sequence))
        {
            return;
        }

        if (RefuseStart(message.Name ?? string.Empty, message.Payload) is { } refused)
        {
            LogDropped(InstanceId, message.Kind, message.Sender, refused.Detail ?? refused.Outcome.ToString());
            return;
        }

        // The start's own commit records the sender's sequence as applied (a re-send meanwhile is refused: starting).
        await RunStartAsync(new StartWork(message.Name!, message.Payload, null, message.TraceParent, null, null, null)
        {
            SenderMessage = message.Sender is { } from ? (from, message.Sequence) : null,
        });
    }
}
