using OrleansWorkflows.Replay;
using OrleansWorkflows.Runtime;

namespace OrleansWorkflows.Engine;

/// <summary>
/// Messages from other instances, entities, activity workers and the instance itself: deduplicated per sender, durably
/// appended to the inbox (activity results are kept in memory until their episode commits), then acknowledged. A
/// sub-orchestration start or a parent's rewind that cannot be done is answered with the acknowledgement (see
/// <see cref="Refusal"/>): no instance calls another inside its turn.
/// </summary>
internal sealed partial class OrchestrationInstance
{
    public Task<WorkflowMessage?> DeliverAsync(WorkflowMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        ThrowIfBroken();
        return message.Kind switch
        {
            WorkflowMessageKind.StartSubOrchestration => StartAsChildAsync(message),
            WorkflowMessageKind.Rewind => Controls.RewindAsChildAsync(message),
            _ => NoAnswer(message.Kind switch
            {
                WorkflowMessageKind.ActivityCompleted or WorkflowMessageKind.ActivityFailed => DeliverResultAsync(message),
                WorkflowMessageKind.StartOrchestration => StartFromEntityAsync(message),
                WorkflowMessageKind.Terminate => Controls.TerminateAsync(WorkflowMessages.ReasonOf(message), recursive: true, requestId: null),
                _ => DeliverSequencedAsync(message),
            }),
        };
    }

    /// <summary>An activity worker reports a result (see <see cref="IOrchestrationGrain.DeliverResultAsync"/>).</summary>
    public Task DeliverActivityResultAsync(WorkflowMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Kind is not (WorkflowMessageKind.ActivityCompleted or WorkflowMessageKind.ActivityFailed))
        {
            throw new ArgumentException($"Only activity results are delivered this way, not {message.Kind}.", nameof(message));
        }

        ThrowIfBroken();
        return DeliverResultAsync(message);
    }

    /// <summary>A parent starts this instance as its child; a refused start is answered to the parent (see <see cref="Refusal"/>).</summary>
    public async Task<WorkflowMessage?> StartAsChildAsync(WorkflowMessage message)
    {
        var parent = message.Sender ?? throw new ArgumentException("A sub-orchestration start needs a sender.", nameof(message));
        if (_record is { } r && r.ParentInstanceId == parent && _state.ParentTaskId == message.TaskId && _state.ParentExecutionId == message.ParentExecutionId)
        {
            return null;
        }

        if (_start is { } starting && starting.ParentInstanceId == parent && starting.ParentTaskId == message.TaskId)
        {
            await starting.Done.Task;
            return null;
        }

        if (RefuseStart(message.Name ?? string.Empty, message.Version, message.Payload) is { } refused)
        {
            return Refusal(message, "OrleansWorkflows.SubOrchestrationStartFailed", refused.Detail ?? refused.Outcome.ToString());
        }

        var version = StartVersion(message.Name!, message.Version);
        var work = new StartWork(message.Name!, message.Payload, version, message.TraceParent, parent, message.ParentExecutionId, message.TaskId);
        await RunStartAsync(work);
        return null;
    }

    /// <summary>
    /// The answer to a parent whose child cannot be started or given back: returned with the acknowledgement of the
    /// parent's message, which the parent's outbox delivery applies to the parent (never a call to the parent from here).
    /// Unsequenced: the parent drops it unless the task is open.
    /// </summary>
    public WorkflowMessage Refusal(WorkflowMessage request, string errorType, string reason) =>
        WorkflowMessages.SubOrchestrationFailed(request.TaskId, request.ParentExecutionId, new FailureDetails(errorType, reason)) with { Sender = InstanceId };

    private static async Task<WorkflowMessage?> NoAnswer(Task accepted)
    {
        await accepted;
        return null;
    }

    /// <summary>An answer the sender's outbox delivery got back with its acknowledgement (a refusal): applied here as if
    /// delivered, durably, before the outbox entry that caused it is removed.</summary>
    private Task ApplyAnswerAsync(WorkflowMessage answer) => DeliverAsync(answer);

    /// <summary>Activity results need no inbox write: a lost one comes back through the lease. Acknowledged after the episode commit.</summary>
    private Task DeliverResultAsync(WorkflowMessage message)
    {
        if (!IsRunning || _executor is null || message.TargetExecutionId != _record!.ExecutionId
            || !_executor.IsOpen<ScheduleActivityAction>(message.TaskId)
            || _pending.HasResultFor(message.TaskId))
        {
            return Task.CompletedTask;
        }

        if (IsSuspended)
        {
            // Buffered durably until the instance is resumed.
            return AppendToInboxAsync(message);
        }

        // The episode stamps the event's time when it applies it.
        var pending = new PendingMessage(_record.ExecutionId, EpisodePlanner.ToHistoryEvent(message, Now)!);
        _pending.Add(pending);
        Leases.Release(message.TaskId);
        _pump.Ensure();
        return pending.Committed.Task;
    }

    /// <summary>An entity starts this instance (not as a child). The sender's sequence number makes a re-sent start a no-op.</summary>
    private async Task StartFromEntityAsync(WorkflowMessage message)
    {
        if (message.Sender is { } sender && _state.IsApplied(sender, message.Sequence))
        {
            return;
        }

        if (RefuseStart(message.Name ?? string.Empty, null, message.Payload) is { } refused)
        {
            LogDropped(InstanceId, message.Kind, message.Sender, refused.Detail ?? refused.Outcome.ToString());
            return;
        }

        // The start's own commit records the sender's sequence as applied (a re-send meanwhile is refused: starting).
        await RunStartAsync(new StartWork(message.Name!, message.Payload, StartVersion(message.Name!, null), message.TraceParent, null, null, null)
        {
            SenderMessage = message.Sender is { } from ? (from, message.Sequence) : null,
        });
    }

    /// <summary>Messages from clients and other workflow grains: deduplicated per sender, durably appended to the inbox, then acknowledged.</summary>
    private async Task DeliverSequencedAsync(WorkflowMessage message)
    {
        if (WorkflowMessages.IsWake(message) && message.Sender is null)
        {
            // Kept until the next episode begins: a wake arriving while an episode runs or commits (a remote worker that
            // connected meanwhile) gets an episode of its own after it, also when the instance was not running yet.
            _wokenFromOutside = true;
            _pump.Ensure();
            return;
        }

        var sequenced = message.Sender is not null && message.Sequence > 0;
        var forUs = _record is not null && (IsRunning
            ? message.TargetExecutionId is not { } target || target == _record.ExecutionId || EpisodePlanner.AnswersRewoundCall(message, _state, _executor)
            : KeptForRewind(message));
        if (!forUs)
        {
            LogDropped(InstanceId, message.Kind, message.Sender, _record?.Status.ToString() ?? "missing");
            return;
        }

        if (sequenced && _state.IsApplied(message.Sender!, message.Sequence))
        {
            return;
        }

        await AppendToInboxAsync(message, sequenced ? message.Sender : null, message.Sequence);
    }

    /// <summary>
    /// Durably appends to the inbox and queues the entry for an episode. A client request (<paramref name="requestId"/>
    /// not <c>null</c>) goes in once: the store drops a repeat of a request id it remembers.
    /// </summary>
    private async Task AppendToInboxAsync(WorkflowMessage message, string? sender = null, long sequence = 0, string? requestId = null)
    {
        if ((await Inbox.AppendAsync(message, sender, sequence, requestId)).Added)
        {
            _pump.Ensure();
        }
    }
}
