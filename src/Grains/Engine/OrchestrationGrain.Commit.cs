using System.Text.Json;
using OrleansWorkflows.History;
using OrleansWorkflows.Replay;
using OrleansWorkflows.Runtime;
using OrleansWorkflows.Storage;

namespace OrleansWorkflows.Engine;

internal sealed partial class OrchestrationGrain
{
    /// <summary>
    /// Commits the episode atomically (history + status + outbox, conditional on the version read), then updates
    /// memory and dispatches. Nothing is dispatched before the commit succeeds.
    /// </summary>
    private async Task CommitEpisodeAsync(EpisodeContext episode)
    {
        var (now, start, pending, inbox, state, executor, executionId, result) = episode;
        var outcome = executor?.Outcome;
        var outbox = new List<OutboxEntry>();
        foreach (var action in result.Actions)
        {
            switch (action)
            {
                case StartSubOrchestrationAction s:
                    outbox.Add(Outgoing(state, s.InstanceId, new WorkflowMessage
                    {
                        Kind = WorkflowMessageKind.StartSubOrchestration, Name = s.Name, Payload = s.Input, TaskId = s.Id, ParentExecutionId = executionId,
                    }));
                    break;
                case SendEventAction e:
                    outbox.Add(Outgoing(state, e.InstanceId, new WorkflowMessage { Kind = WorkflowMessageKind.EventRaised, Name = e.EventName, Payload = e.Input }));
                    break;
            }
        }

        outbox.AddRange(EntityOutgoing(state, result, executor, executionId));

        var parentId = start?.ParentInstanceId ?? _record?.ParentInstanceId;
        if (outcome is { Status: OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed } && parentId is not null)
        {
            outbox.Add(Outgoing(state, parentId, new WorkflowMessage
            {
                Kind = outcome.Status == OrchestrationRuntimeStatus.Completed ? WorkflowMessageKind.SubOrchestrationCompleted : WorkflowMessageKind.SubOrchestrationFailed,
                TaskId = state.ParentTaskId ?? -1,
                TargetExecutionId = state.ParentExecutionId,
                Payload = outcome.Output,
                Failure = outcome.Failure,
            }));
        }

        if (outcome is not null)
        {
            outbox.AddRange(SenderFinishedMessages(state)); // the execution's last messages to its entities
        }

        var continued = outcome?.Status == OrchestrationRuntimeStatus.ContinuedAsNew;
        var nextExecutionId = continued ? NewExecutionId() : null;
        var record = BuildRecord(episode, outcome, parentId, nextExecutionId);
        var wakeAt = DurableWakeAt(record.Status.IsTerminal() ? null : executor, outbox.Count > 0 || continued);
        var commit = new InstanceCommit
        {
            Record = record with { EngineState = StateJson(state), WakeAt = wakeAt },
            ExpectedVersion = _record?.Version ?? 0,
            ReplaceHistory = start is not null || continued,
            HistoryCountBefore = _historyCount,
            AppendHistory = continued ? [] : [.. result.NewEvents.Select(HistorySerializer.Serialize)],
            ConsumedInbox = [.. inbox.Select(e => e.Id)],
            AddInbox = continued ? [.. outcome!.CarriedEvents.Select(e => CarriedMessage(e, nextExecutionId!))] : [],
            AddOutbox = outbox,
        };

        var hasOpenWork = outbox.Count > 0 || _outbox.Count > 0 || continued || executor?.OpenActions.Any() == true;
        await EnsureWakeUpBeforeCommitAsync(hasOpenWork, executor);
        if (_faults?.CrashBeforeCommit?.Invoke(InstanceId) == true)
        {
            throw new InstanceReloadingException($"Injected crash before the commit of instance '{InstanceId}'.");
        }

        var version = await _store.CommitAsync(commit);

        _record = commit.Record with { Version = version };
        _state = state;
        _historyCount = commit.ReplaceHistory ? commit.AppendHistory.Count : _historyCount + commit.AppendHistory.Count;
        _executor = outcome is null ? executor : null;
        _replayFailure = null;
        _executorNeedsCommit = false;
        if (ReferenceEquals(_start, start))
        {
            _start = null;
        }

        var consumed = commit.ConsumedInbox.ToHashSet();
        _inbox.RemoveAll(e => consumed.Contains(e.Id));
        _pending.RemoveApplied(pending);
        foreach (var entry in outbox)
        {
            _outbox[entry.Id] = entry;
        }

        if (start is not null)
        {
            if (_finished.Task.IsCompleted)
            {
                // A finished id reused by a new start: waiters wait for the new execution.
                _finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            start.Result = new OperationResult(OperationOutcome.Accepted, _record.ExecutionId);
            start.Done.TrySetResult();
        }

        foreach (var p in pending)
        {
            p.Committed.TrySetResult();
        }

        await AfterCommitAsync(result, continued);
    }

    private async Task AfterCommitAsync(EpisodeResult result, bool continued)
    {
        if (_faults?.CrashAfterCommit?.Invoke(InstanceId) == true)
        {
            // Simulated process death between commit and dispatch: drop all in-memory state.
            LogInjectedCrash(InstanceId);
            _broken = true;
            ReleaseWaitersAndDeactivate();
            return;
        }

        if (continued)
        {
            _start = new StartWork(_record!.Name, _record.Input, _state.Version, null, _record.ParentInstanceId, _state.ParentExecutionId, _state.ParentTaskId)
            {
                ExecutionId = _record.ExecutionId,
            };
            await ReloadInboxAsync();
        }

        DispatchActivities(result.Actions.OfType<ScheduleActivityAction>());
        ArmTimers();
        ResumeDeliveries();
        if (_record!.Status.IsTerminal())
        {
            LogCompleted(InstanceId, _record.Name, _record.Status);
            _finished.TrySetResult();
        }

        await RefreshWakeUpAsync();
    }

    private InstanceRecord BuildRecord(EpisodeContext episode, ExecutionOutcome? outcome, string? parentId, string? nextExecutionId)
    {
        var (now, start, _, _, _, executor, executionId, _) = episode;
        var status = outcome?.Status ?? (executor is null ? _record!.Status : OrchestrationRuntimeStatus.Running);
        var output = outcome switch
        {
            { Status: OrchestrationRuntimeStatus.Failed, Failure: { } f } => JsonSerializer.Serialize(f, WorkflowJson.Options),
            { Status: OrchestrationRuntimeStatus.ContinuedAsNew } => null,
            { } o => o.Output,
            null => null,
        };
        return new InstanceRecord
        {
            InstanceId = InstanceId,
            Name = start?.Name ?? _record!.Name,
            ExecutionId = nextExecutionId ?? executionId,
            Status = status,
            Input = outcome?.Status == OrchestrationRuntimeStatus.ContinuedAsNew ? outcome.Output : start is not null ? start.Input : _record!.Input,
            Output = output ?? (executor is null && start is null ? _record?.Output : null),
            CustomStatus = executor?.CustomStatus ?? (executor is null && start is null ? _record?.CustomStatus : null),
            ParentInstanceId = parentId,
            CreatedAt = start is not null && start.ExecutionId is null ? now : _record?.CreatedAt ?? now,
            LastUpdatedAt = now,
            CompletedAt = status.IsTerminal() ? (executor is null && start is null ? _record?.CompletedAt : now) : null,
        };
    }

    /// <summary>The state's JSON; an episode that changed no bookkeeping (most do not) reuses the stored text.</summary>
    private string StateJson(EngineState state) =>
        _record?.EngineState is { } stored && state.SameAs(_state) ? stored : state.ToJson();

    private OutboxEntry Outgoing(EngineState state, string receiver, WorkflowMessage message)
    {
        var sequence = state.NextSequence(receiver, remember: EntityId.IsEntityInstanceId(receiver));
        var stamped = message with { Sender = InstanceId, Sequence = sequence };
        return new OutboxEntry(++state.LastOutboxId, receiver, JsonSerializer.Serialize(stamped, WorkflowJson.Options));
    }

    private static string CarriedMessage(EventRaised e, string executionId) => JsonSerializer.Serialize(
        new WorkflowMessage { Kind = WorkflowMessageKind.EventRaised, Name = e.Name, Payload = e.Input, TargetExecutionId = executionId },
        WorkflowJson.Options);
}
