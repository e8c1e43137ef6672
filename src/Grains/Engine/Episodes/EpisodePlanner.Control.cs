using System.Text.Json;
using OrleansWorkflows.History;
using OrleansWorkflows.Replay;
using OrleansWorkflows.Runtime;
using OrleansWorkflows.Storage;

namespace OrleansWorkflows.Engine;

/// <summary>Terminate, suspend, resume, rewind and adoption: each one commit of its own, planned like an episode.</summary>
internal sealed partial class EpisodePlanner
{
    /// <summary>Checks a control request against the current state; returns the result when nothing is to be written.</summary>
    public OperationResult? Precheck(InstanceView instance, ControlWork work)
    {
        if (instance.Record is null)
        {
            return NotFound();
        }

        var status = instance.Record.Status;
        return work.Kind switch
        {
            ControlKind.Rewind when status != OrchestrationRuntimeStatus.Failed => new OperationResult(
                OperationOutcome.NotAllowed, $"Instance '{instanceId}' is {status}; only Failed instances can be rewound."),
            ControlKind.Rewind or ControlKind.Adopt => null,
            _ when status.IsTerminal() => new OperationResult(OperationOutcome.InstanceFinished, $"Instance '{instanceId}' is already {status}."),
            ControlKind.Suspend when status == OrchestrationRuntimeStatus.Suspended => OperationResult.Ok,
            ControlKind.Resume when status != OrchestrationRuntimeStatus.Suspended => OperationResult.Ok,
            _ => null,
        };
    }

    public OperationResult NotFound() => new(OperationOutcome.NotFound, $"No orchestration instance '{instanceId}' exists.");

    /// <summary>A rewind that cannot be done safely, refused with the reason (nothing is written).</summary>
    public OperationResult? RefuseRewind(IReadOnlyList<HistoryEvent> stored) => RewindRules.LocksHeldAtAVoidedFailure(stored) is { } held
        ? new OperationResult(
            OperationOutcome.NotAllowed,
            $"Instance '{instanceId}' failed inside a critical section (holding {string.Join(", ", held)}). Its locks were released " +
            "when it failed, so a rewind would run the rest of the section without them; it cannot be rewound. Restart it instead.")
        : null;

    /// <summary>The events a rewind appends before the rewound execution is replayed over the whole history.</summary>
    public static IReadOnlyList<HistoryEvent> RewindOpening(DateTime now, string? reason) =>
        [new OrchestratorStarted { Timestamp = now }, new ExecutionRewound(reason) { Timestamp = now }];

    /// <summary>A new execution id for a rewind.</summary>
    public string NewExecutionId() => newExecutionId();

    /// <summary>
    /// The commit of a control request that passed <see cref="Precheck"/> (and, for a rewind, <see cref="RefuseRewind"/>;
    /// <paramref name="rewind"/> is the rewound execution replayed over the history and <see cref="RewindOpening"/>).
    /// </summary>
    public EpisodePlan PlanControl(InstanceView instance, ControlWork work, DateTime now, RewindRun? rewind)
    {
        var state = instance.State.Clone();
        state.RememberControlRequest(work.RequestId);
        var record = instance.Record! with { LastUpdatedAt = now };
        var events = new List<HistoryEvent> { new OrchestratorStarted { Timestamp = now } };
        var outbox = new List<OutboxEntry>();
        switch (work.Kind)
        {
            case ControlKind.Terminate:
                var reason = JsonSerializer.Serialize(work.Reason ?? "Terminated", WorkflowJson.Options);
                events.Add(new ExecutionTerminated(work.Reason) { Timestamp = now });
                events.Add(new ExecutionCompleted(OrchestrationRuntimeStatus.Terminated, reason, null) { Timestamp = now });
                record = record with { Status = OrchestrationRuntimeStatus.Terminated, Output = reason, CompletedAt = now };
                state.ScheduledStartAt = null; // a scheduled start that has not run is cancelled
                state.ScheduledTraceParent = null;
                outbox.AddRange(TerminationMessages(state, instance, work));
                outbox.AddRange(EntityLockReleases(state, instance.Execution, record.ExecutionId));
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
                var (executionId, rewound, replayed) = rewind ?? throw new ArgumentNullException(nameof(rewind), "A rewind is planned with its replayed execution.");
                events.Clear();
                events.AddRange(RewindOpening(now, work.Reason));
                events.AddRange(replayed);
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

        var current = rewind?.Execution ?? instance.Execution;
        var live = record.Status.IsTerminal() ? null : current;
        var commit = new InstanceCommit
        {
            Record = record with { EngineState = state.ToJson(), WakeAt = wake.DurableWakeAt(live, outbox.Count > 0, instance.Undelivered) },
            InboxSeenUpTo = record.Status == OrchestrationRuntimeStatus.Suspended ? instance.InboxSeen : 0,
            ExpectedVersion = instance.Record!.Version,
            HistoryCountBefore = instance.HistoryCount,
            AppendHistory = [.. events.Select(HistorySerializer.Serialize)],
            AddOutbox = outbox,
        };
        return new EpisodePlan(commit, state, outbox)
        {
            HasOpenWork = outbox.Count > 0 || rewind?.Execution.OpenActions.Any() == true,
            WakeExecution = current,
        };
    }
}
