using System.Text.Json;
using OrleansWorkflows.History;
using OrleansWorkflows.Replay;
using OrleansWorkflows.Runtime;
using OrleansWorkflows.Storage;

namespace OrleansWorkflows.Engine;

/// <summary>Terminate, suspend, resume and rewind: each runs as an episode of its own, in arrival order.</summary>
internal sealed partial class OrchestrationGrain
{
    private readonly Queue<ControlWork> _controls = new();

    private enum ControlKind
    {
        Terminate,
        Suspend,
        Resume,
        Rewind,

        /// <summary>The parent was rewound: report to its new execution (see <see cref="RewindAsChildAsync"/>).</summary>
        Adopt,
    }

    private bool IsSuspended => _record?.Status == OrchestrationRuntimeStatus.Suspended;

    public Task<OperationResult> TerminateAsync(string? reason, bool recursive, string? requestId) =>
        RunControlAsync(new ControlWork(ControlKind.Terminate, reason, recursive, null) { RequestId = requestId });

    public Task<OperationResult> SuspendAsync(string? reason, string? requestId) =>
        RunControlAsync(new ControlWork(ControlKind.Suspend, reason, false, null) { RequestId = requestId });

    public Task<OperationResult> ResumeAsync(string? reason, string? requestId) =>
        RunControlAsync(new ControlWork(ControlKind.Resume, reason, false, null) { RequestId = requestId });

    public Task<OperationResult> RewindAsync(string? reason, string? requestId) =>
        RunControlAsync(new ControlWork(ControlKind.Rewind, reason, false, null) { RequestId = requestId });

    public async Task<OperationResult> PurgeAsync(string? requestId)
    {
        ThrowIfBroken();
        if (await RepeatedPurgeAsync(requestId) is { } repeated)
        {
            return repeated;
        }

        if (_record is null)
        {
            DeactivateOnIdle();
            return NotFound();
        }

        if (!_record.Status.IsTerminal() || _start is not null)
        {
            return new OperationResult(OperationOutcome.NotAllowed, $"Instance '{InstanceId}' is {_record.Status}; only finished instances can be purged.");
        }

        if (_outbox.Count > 0)
        {
            // Purging would drop a message another instance waits for (a child's result, an entity unlock): deliver first.
            ResumeDeliveries();
            throw new InstanceReloadingException(
                $"Instance '{InstanceId}' still has {_outbox.Count} undelivered message(s) to other instances; it can be purged once they are delivered. Retry.");
        }

        if (!await PurgeOnceAsync(requestId, _record.Version))
        {
            Break(new ConcurrencyException($"Instance '{InstanceId}' changed while being purged."));
            throw new InstanceReloadingException($"Instance '{InstanceId}' changed while being purged; retry.");
        }

        _record = null;
        _state = new EngineState();
        _historyCount = 0;
        _inbox.Clear();
        _outbox.Clear();
        await RefreshWakeUpAsync();
        DeactivateOnIdle();
        return OperationResult.Ok;
    }

    private async Task<OperationResult> RunControlAsync(ControlWork work)
    {
        ThrowIfBroken();
        if (RepeatedControl(work) is { } repeated)
        {
            return await repeated;
        }

        _controls.Enqueue(work);
        EnsurePump();
        return await work.Done.Task;
    }

    private OperationResult NotFound() => new(OperationOutcome.NotFound, $"No orchestration instance '{InstanceId}' exists.");

    /// <summary>Checks a control request against the current state; returns the result when nothing is to be written.</summary>
    private OperationResult? Precheck(ControlWork work)
    {
        if (_record is null)
        {
            return NotFound();
        }

        var status = _record.Status;
        return work.Kind switch
        {
            ControlKind.Rewind when status != OrchestrationRuntimeStatus.Failed => new OperationResult(
                OperationOutcome.NotAllowed, $"Instance '{InstanceId}' is {status}; only Failed instances can be rewound."),
            ControlKind.Rewind or ControlKind.Adopt => null,
            _ when status.IsTerminal() => new OperationResult(OperationOutcome.InstanceFinished, $"Instance '{InstanceId}' is already {status}."),
            ControlKind.Suspend when status == OrchestrationRuntimeStatus.Suspended => OperationResult.Ok,
            ControlKind.Resume when status != OrchestrationRuntimeStatus.Suspended => OperationResult.Ok,
            _ => null,
        };
    }

    private async Task RunControlEpisodeAsync(ControlWork work)
    {
        if (Precheck(work) is { } result)
        {
            _controls.Dequeue();
            work.Done.TrySetResult(result);
            return;
        }

        var stored = work.Kind == ControlKind.Rewind ? (await _store.ReadHistoryAsync(InstanceId)).Select(HistorySerializer.Deserialize).ToList() : [];
        if (work.Kind == ControlKind.Rewind && RefuseRewind(stored) is { } refused)
        {
            _controls.Dequeue();
            work.Done.TrySetResult(refused);
            return;
        }

        var now = Now;
        var state = _state.Clone();
        state.RememberControlRequest(work.RequestId);
        var record = _record! with { LastUpdatedAt = now };
        var events = new List<HistoryEvent> { new OrchestratorStarted { Timestamp = now } };
        var outbox = new List<OutboxEntry>();
        OrchestrationExecutor? rewound = null;
        switch (work.Kind)
        {
            case ControlKind.Terminate:
                var reason = JsonSerializer.Serialize(work.Reason ?? "Terminated", WorkflowJson.Options);
                events.Add(new ExecutionTerminated(work.Reason) { Timestamp = now });
                events.Add(new ExecutionCompleted(OrchestrationRuntimeStatus.Terminated, reason, null) { Timestamp = now });
                record = record with { Status = OrchestrationRuntimeStatus.Terminated, Output = reason, CompletedAt = now };
                outbox.AddRange(TerminationMessages(state, work));
                outbox.AddRange(EntityLockReleases(state, _executor, record.ExecutionId));
                outbox.AddRange(SenderFinishedMessages(state));
                break;
            case ControlKind.Suspend:
                events.Add(new ExecutionSuspended(work.Reason) { Timestamp = now });
                record = record with { Status = OrchestrationRuntimeStatus.Suspended };
                break;
            case ControlKind.Adopt:
                events.Clear();
                state.ParentExecutionId = work.NewParentExecutionId;
                outbox.AddRange(OutcomeToParent(state, record));
                break;
            case ControlKind.Resume:
                events.Add(new ExecutionResumed(work.Reason) { Timestamp = now });
                record = record with { Status = OrchestrationRuntimeStatus.Running };
                break;
            case ControlKind.Rewind:
                var executionId = NewExecutionId();
                events.Add(new ExecutionRewound(work.Reason) { Timestamp = now });
                rewound = NewExecutor();
                events.AddRange(rewound.Replay([.. stored, .. events]).NewEvents);
                state.ParentExecutionId = work.NewParentExecutionId ?? state.ParentExecutionId;
                state.RememberRewoundExecution(record.ExecutionId, rewound.OpenActions.OfType<CallEntityAction>().Any());
                outbox.AddRange(ChildRewinds(state, rewound, work.Reason, executionId));

                var failed = rewound.Outcome;
                record = record with
                {
                    ExecutionId = executionId,
                    Status = failed?.Status ?? OrchestrationRuntimeStatus.Running,
                    Output = failed?.Failure is { } f ? JsonSerializer.Serialize(f, WorkflowJson.Options) : null,
                    CompletedAt = failed is null ? null : now,
                };
                outbox.AddRange(OutcomeToParent(state, record)); // a rewind that fails at once tells a waiting parent
                break;
        }

        var live = record.Status.IsTerminal() ? null : rewound ?? _executor;
        var commit = new InstanceCommit
        {
            Record = record with { EngineState = state.ToJson(), WakeAt = DurableWakeAt(live, outbox.Count > 0) },
            InboxSeenUpTo = record.Status == OrchestrationRuntimeStatus.Suspended ? _inboxSeen : 0,
            ExpectedVersion = _record!.Version,
            HistoryCountBefore = _historyCount,
            AppendHistory = [.. events.Select(HistorySerializer.Serialize)],
            AddOutbox = outbox,
        };
        await EnsureWakeUpBeforeCommitAsync(outbox.Count > 0 || rewound?.OpenActions.Any() == true, rewound ?? _executor);
        var version = await _store.CommitAsync(commit);
        _controls.Dequeue();
        _record = commit.Record with { Version = version };
        _state = state;
        _historyCount += events.Count;
        foreach (var entry in outbox)
        {
            _outbox[entry.Id] = entry;
        }

        AfterControl(work, rewound);
        work.Done.TrySetResult(OperationResult.Ok);
        ResumeDeliveries();
        await RefreshWakeUpAsync();
    }

    private void AfterControl(ControlWork work, OrchestrationExecutor? rewound)
    {
        switch (work.Kind)
        {
            case ControlKind.Terminate:
                _executor = null;
                _start = null;
                foreach (var p in _pending)
                {
                    p.Committed.TrySetResult();
                }

                _pending.Clear();
                _leases.Clear();
                ArmTimers();
                LogCompleted(InstanceId, _record!.Name, _record.Status);
                _finished.TrySetResult();
                break;
            case ControlKind.Resume:
                FireDueTimers();
                RedispatchActivities(all: false);
                EnsurePump();
                break;
            case ControlKind.Adopt:
                AfterAdopt(work);
                break;
            case ControlKind.Rewind:
                _executor = rewound!.Outcome is null ? rewound : null;
                _finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                RedispatchActivities(all: true);
                EnsureLeaseTimer();
                ArmTimers();
                break;
        }
    }

    /// <summary>A rewind that cannot be done safely, refused with the reason (nothing is written).</summary>
    private OperationResult? RefuseRewind(IReadOnlyList<HistoryEvent> stored) => RewindRules.LocksHeldAtAVoidedFailure(stored) is { } held
        ? new OperationResult(
            OperationOutcome.NotAllowed,
            $"Instance '{InstanceId}' failed inside a critical section (holding {string.Join(", ", held)}). Its locks were released " +
            "when it failed, so a rewind would run the rest of the section without them; it cannot be rewound. Restart it instead.")
        : null;

    private IEnumerable<OutboxEntry> TerminationMessages(EngineState state, ControlWork work)
    {
        if (work.Recursive && _executor is not null)
        {
            foreach (var child in _executor.OpenActions.OfType<StartSubOrchestrationAction>())
            {
                yield return Outgoing(state, child.InstanceId, new WorkflowMessage { Kind = WorkflowMessageKind.Terminate, Name = work.Reason, Payload = "recursive" });
            }
        }

        if (_record!.ParentInstanceId is { } parent)
        {
            yield return Outgoing(state, parent, new WorkflowMessage
            {
                Kind = WorkflowMessageKind.SubOrchestrationFailed,
                TaskId = state.ParentTaskId ?? -1,
                TargetExecutionId = state.ParentExecutionId,
                Failure = new FailureDetails("OrleansWorkflows.OrchestrationTerminated", $"Sub-orchestration '{InstanceId}' was terminated: {work.Reason}"),
            });
        }
    }

    /// <summary>A terminate, suspend, resume or rewind request waiting for its episode.</summary>
    private sealed record ControlWork(ControlKind Kind, string? Reason, bool Recursive, string? NewParentExecutionId)
    {
        public TaskCompletionSource<OperationResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>The client's request id, recorded with the control's commit (see <see cref="RepeatedControl"/>).</summary>
        public string? RequestId { get; init; }
    }
}
