using System.Text.Json;
using OrleansWorkflows.History;
using OrleansWorkflows.Replay;
using OrleansWorkflows.Runtime;
using OrleansWorkflows.Storage;

namespace OrleansWorkflows.Engine;

internal sealed partial class OrchestrationGrain
{
    private ActivityLeases? _leases;

    private ActivityLeases Leases => _leases ??= new ActivityLeases(
        InstanceId, GrainFactory, _options, () => Now, (callback, options) => this.RegisterGrainTimer(callback, options), () => RedispatchActivities(all: false));

    public Task<WorkflowMessage?> DeliverAsync(WorkflowMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        ThrowIfBroken();
        return message.Kind switch
        {
            WorkflowMessageKind.StartSubOrchestration => StartAsChildAsync(message),
            WorkflowMessageKind.Rewind => RewindAsChildAsync(message),
            _ => NoAnswer(message.Kind switch
            {
                WorkflowMessageKind.ActivityCompleted or WorkflowMessageKind.ActivityFailed => DeliverResultAsync(message),
                WorkflowMessageKind.StartOrchestration => StartFromEntityAsync(message),
                WorkflowMessageKind.Terminate => TerminateAsync(WorkflowMessages.ReasonOf(message), recursive: true, requestId: null),
                _ => DeliverSequencedAsync(message),
            }),
        };
    }

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

    /// <summary>A parent starts this instance as its child; a refused start is answered to the parent (see <see cref="Refusal"/>).</summary>
    private async Task<WorkflowMessage?> StartAsChildAsync(WorkflowMessage message)
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

        if (RefuseStart(message.Name ?? string.Empty, message.Payload) is { } refused)
        {
            return Refusal(message, "OrleansWorkflows.SubOrchestrationStartFailed", refused.Detail ?? refused.Outcome.ToString());
        }

        var work = new StartWork(message.Name!, message.Payload, null, message.TraceParent, parent, message.ParentExecutionId, message.TaskId);
        await RunStartAsync(work);
        return null;
    }

    /// <summary>Messages from clients and other workflow grains: deduplicated per sender, durably appended to the inbox, then acknowledged.</summary>
    private async Task DeliverSequencedAsync(WorkflowMessage message)
    {
        if (WorkflowMessages.IsWake(message) && message.Sender is null)
        {
            _executorNeedsCommit = IsRunning;
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

    private void DispatchActivities(IEnumerable<ScheduleActivityAction> actions) => Leases.Dispatch(_record!.ExecutionId, actions);

    /// <summary>Re-sends activities whose lease expired (all of them after an activation), not those whose result waits
    /// in the inbox (see <see cref="ActivityLeases"/>).</summary>
    private void RedispatchActivities(bool all)
    {
        if (_executor is null || !IsRunning)
        {
            Leases.Clear();
            return;
        }

        var buffered = BufferedResultTaskIds();
        var open = _executor.OpenActions.OfType<ScheduleActivityAction>().Where(a => !buffered.Contains(a.Id)).ToList();
        Leases.Redispatch(_record!.ExecutionId, open, all);
    }

    /// <summary>Tasks whose result already waits in the inbox (received while suspended): not sent again.</summary>
    private HashSet<int> BufferedResultTaskIds()
    {
        var ids = new HashSet<int>();
        foreach (var entry in Inbox.Entries)
        {
            var message = JsonSerializer.Deserialize<WorkflowMessage>(entry.MessageJson, WorkflowJson.Options)!;
            if (message.Kind is WorkflowMessageKind.ActivityCompleted or WorkflowMessageKind.ActivityFailed && message.TargetExecutionId == _record?.ExecutionId)
            {
                ids.Add(message.TaskId);
            }
        }

        return ids;
    }

    private void EnsureLeaseTimer() => Leases.EnsureTimer();

    private OutboxDelivery? _outbox;

    /// <summary>The committed outbox and its sending (see <see cref="OutboxDelivery"/>).</summary>
    private OutboxDelivery Outbox => _outbox ??= new OutboxDelivery(InstanceId, GrainFactory, ApplyAnswerAsync, _store, new OutboxQueue(), () => _pump.Broken, _logger);

    /// <summary>Sends the committed outbox, each receiver's entries strictly in sequence order (see <see cref="OutboxDelivery"/>).</summary>
    private void ResumeDeliveries() => Outbox.Resume();
}
