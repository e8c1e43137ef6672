using System.Text.Json;
using OrleansWorkflows.History;
using OrleansWorkflows.Replay;
using OrleansWorkflows.Runtime;
using OrleansWorkflows.Storage;

namespace OrleansWorkflows.Engine;

/// <summary>
/// Decides every commit of an orchestration instance, without Orleans: (instance as last committed, the work waiting —
/// a start, inbox messages, activity results and timer fires, or a control request — and the execution's result) →
/// one <see cref="EpisodePlan"/> (the store write and what to dispatch after it). The grain runs the plan: it registers
/// the wake-up, commits, then dispatches. Split by concern: episodes (here), control requests, outgoing messages.
/// </summary>
/// <param name="instanceId">The instance id (the sender of every outgoing message).</param>
/// <param name="wake">When the instance must be woken.</param>
/// <param name="newExecutionId">Makes a new execution id.</param>
internal sealed partial class EpisodePlanner(string instanceId, WakeRules wake, Func<string> newExecutionId)
{
    /// <summary>When the instance must be woken.</summary>
    public WakeRules Wake => wake;

    /// <summary>
    /// The episode's input: a start's <see cref="ExecutionStarted"/>, then the inbox messages for the execution (each
    /// sender's applied at most once; events carried over by continue-as-new first), then activity results and timer
    /// fires, all stamped <paramref name="now"/>.
    /// </summary>
    public EpisodeDraft Prepare(InstanceView instance, DateTime now, StartWork? start, IReadOnlyList<PendingMessage> pending, IReadOnlyList<InboxEntry> inbox)
    {
        var state = instance.State.Clone();
        var executionId = start is not null ? start.ExecutionId ?? newExecutionId() : instance.Record?.ExecutionId;
        var events = new List<HistoryEvent> { new OrchestratorStarted { Timestamp = now } };
        if (start is not null)
        {
            if (instance.Record is null)
            {
                state.SequenceBase = now.Ticks;
            }

            state.ParentExecutionId = start.ParentExecutionId;
            state.ParentTaskId = start.ParentTaskId;
            state.Version = start.Version;
            state.RewoundExecutionIds = null;
            state.ScheduledStartAt = null;
            state.ScheduledTraceParent = null;
            if (start.ExecutionId is null)
            {
                state.StartRequestId = start.RequestId; // continue-as-new keeps the one it has
            }

            if (start.SenderMessage is var (sender, sequence))
            {
                state.Applied[sender] = Math.Max(state.Applied.GetValueOrDefault(sender), sequence);
            }

            events.Add(new ExecutionStarted(start.Name, executionId!, start.Input)
            {
                Version = start.Version,
                ParentInstanceId = start.ParentInstanceId,
                ParentExecutionId = start.ParentExecutionId,
                ParentTaskId = start.ParentTaskId,
                TraceParent = start.TraceParent,
                Timestamp = now,
            });
        }

        var received = new List<HistoryEvent>();
        foreach (var entry in inbox)
        {
            if (entry.Sender is not null && entry.Sequence > 0 && !state.MarkApplied(entry.Sender, entry.Sequence))
            {
                continue; // applied before: a re-delivery that raced the first copy's commit
            }

            var message = JsonSerializer.Deserialize<WorkflowMessage>(entry.MessageJson, WorkflowJson.Options)!;
            var applies = AppliesTo(message, start, executionId!) || (start is null && AnswersRewoundCall(message, state, instance.Execution));
            if (applies && ToHistoryEvent(message, now) is { } e)
            {
                // Events carried over by continue-as-new were received before anything else in the inbox.
                (IsCarried(message, start, executionId!) ? events : received).Add(e);
            }
        }

        events.AddRange(received);
        events.AddRange(pending.Where(p => p.ExecutionId == executionId).Select(p => p.Event with { Timestamp = now }));
        return new EpisodeDraft(now, start, pending, inbox, state, executionId!, events)
        {
            RunsExecution = start is not null || instance.IsRunning,
        };
    }

    /// <summary>
    /// The commit of an episode whose execution (<paramref name="execution"/>, <c>null</c> when none ran) produced
    /// <paramref name="result"/>: history, status and outbox (messages to children, parents and entities; the last
    /// messages of an execution that ended), and the next execution's carried events for a continue-as-new.
    /// </summary>
    public EpisodePlan PlanEpisode(InstanceView instance, EpisodeDraft draft, IExecutionView? execution, EpisodeResult result)
    {
        var (_, start, _, inbox, state, executionId, _) = draft;
        var outcome = execution?.Outcome;
        var outbox = new List<OutboxEntry>();
        foreach (var action in result.Actions)
        {
            switch (action)
            {
                case StartSubOrchestrationAction s:
                    outbox.Add(Outgoing(state, s.InstanceId, WorkflowMessages.StartSubOrchestration(s.Name, s.Input, s.Id, executionId, s.Version)));
                    break;
                case SendEventAction e:
                    outbox.Add(Outgoing(state, e.InstanceId, WorkflowMessages.EventRaised(e.EventName, e.Input)));
                    break;
            }
        }

        outbox.AddRange(EntityOutgoing(state, result, execution, executionId));

        var parentId = start?.ParentInstanceId ?? instance.Record?.ParentInstanceId;
        if (outcome is { Status: OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed } && parentId is not null)
        {
            var (taskId, parentExecutionId) = (state.ParentTaskId ?? -1, state.ParentExecutionId);
            outbox.Add(Outgoing(state, parentId, outcome.Status == OrchestrationRuntimeStatus.Completed
                ? WorkflowMessages.SubOrchestrationCompleted(taskId, parentExecutionId, outcome.Output)
                : WorkflowMessages.SubOrchestrationFailed(taskId, parentExecutionId, outcome.Failure ?? new FailureDetails("Unknown", "The sub-orchestration failed."))));
        }

        if (outcome is not null)
        {
            outbox.AddRange(SenderFinishedMessages(state)); // the execution's last messages to its entities
        }

        var continued = outcome?.Status == OrchestrationRuntimeStatus.ContinuedAsNew;
        var nextExecutionId = continued ? newExecutionId() : null;
        if (continued && outcome!.NewVersion is { } newVersion)
        {
            state.Version = newVersion; // the next execution's start reads it (NextExecutionStart)
        }

        if (continued)
        {
            state.ScheduledTraceParent = Tracing?.CallerTraceParent; // so does its trace parent, also after a reactivation
        }

        var record = BuildRecord(instance.Record, draft, execution, outcome, parentId, nextExecutionId);
        var live = record.Status.IsTerminal() ? null : execution;
        var commit = new InstanceCommit
        {
            Record = record with
            {
                EngineState = StateJson(instance, state),
                WakeAt = wake.DurableWakeAt(live, outbox.Count > 0 || continued, instance.Undelivered),
            },
            ExpectedVersion = instance.Record?.Version ?? 0,
            ReplaceHistory = start is not null || continued,
            HistoryCountBefore = instance.HistoryCount,
            AppendHistory = continued ? [] : [.. result.NewEvents.Select(HistorySerializer.Serialize)],
            ConsumedInbox = [.. inbox.Select(e => e.Id)],
            AddInbox = continued ? [.. outcome!.CarriedEvents.Select(e => CarriedMessage(e, nextExecutionId!))] : [],
            AddOutbox = outbox,
        };

        return new EpisodePlan(commit, state, outbox)
        {
            HasOpenWork = outbox.Count > 0 || instance.Undelivered > 0 || continued || execution?.OpenActions.Any() == true,
            WakeExecution = execution,
            Activities = [.. result.Actions.OfType<ScheduleActivityAction>()],
            Continued = continued,
        };
    }

    private InstanceRecord BuildRecord(
        InstanceRecord? stored, EpisodeDraft draft, IExecutionView? execution, ExecutionOutcome? outcome, string? parentId, string? nextExecutionId)
    {
        var (now, start, _, _, _, executionId, _) = draft;
        var status = outcome?.Status ?? (execution is null ? stored!.Status : OrchestrationRuntimeStatus.Running);
        var output = outcome switch
        {
            { Status: OrchestrationRuntimeStatus.Failed, Failure: { } f } => JsonSerializer.Serialize(f, WorkflowJson.Options),
            { Status: OrchestrationRuntimeStatus.ContinuedAsNew } => null,
            { } o => o.Output,
            null => null,
        };
        return new InstanceRecord
        {
            InstanceId = instanceId,
            Name = start?.Name ?? stored!.Name,
            ExecutionId = nextExecutionId ?? executionId,
            Status = status,
            Input = outcome?.Status == OrchestrationRuntimeStatus.ContinuedAsNew ? outcome.Output : start is not null ? start.Input : stored!.Input,
            Output = output ?? (execution is null && start is null ? stored?.Output : null),
            CustomStatus = execution?.CustomStatus ?? (execution is null && start is null ? stored?.CustomStatus : null),
            ParentInstanceId = parentId,
            OrchestrationVersion = draft.State.Version,
            CreatedAt = start is not null && start.ExecutionId is null ? now : stored?.CreatedAt ?? now,
            LastUpdatedAt = now,
            CompletedAt = status.IsTerminal() ? (execution is null && start is null ? stored?.CompletedAt : now) : null,
        };
    }

    /// <summary>The state's JSON; an episode that changed no bookkeeping (most do not) reuses the stored text.</summary>
    private static string StateJson(InstanceView instance, EngineState state) =>
        instance.Record?.EngineState is { } stored && state.SameAs(instance.State) ? stored : state.ToJson();

    /// <summary>A message from the inbox (or an activity result) as the history event it becomes; <c>null</c> for a wake-up.</summary>
    public static HistoryEvent? ToHistoryEvent(WorkflowMessage message, DateTime now) => message.Kind switch
    {
        _ when WorkflowMessages.IsWake(message) => null,
        WorkflowMessageKind.EventRaised => new EventRaised(message.Name ?? string.Empty, message.Payload) { Timestamp = now },
        WorkflowMessageKind.SubOrchestrationCompleted => new SubOrchestrationInstanceCompleted(message.TaskId, message.Payload) { Timestamp = now },
        WorkflowMessageKind.SubOrchestrationFailed => new SubOrchestrationInstanceFailed(
            message.TaskId, message.Failure ?? new FailureDetails("Unknown", "The sub-orchestration failed.")) { Timestamp = now },
        WorkflowMessageKind.ActivityCompleted => new TaskCompleted(message.TaskId, message.Payload) { Timestamp = now },
        WorkflowMessageKind.ActivityFailed => new TaskFailed(
            message.TaskId, message.Failure ?? new FailureDetails("Unknown", "The activity failed.")) { Timestamp = now },
        _ => ToEntityHistoryEvent(message, now),
    };

    /// <summary>An entity's answer (from the inbox) as the history event it becomes.</summary>
    private static HistoryEvent? ToEntityHistoryEvent(WorkflowMessage message, DateTime now) => message switch
    {
        { Kind: WorkflowMessageKind.EntityResponse or WorkflowMessageKind.EntityLockGranted, Failure: { } failure } =>
            new EntityOperationFailed(message.TaskId, failure) { Timestamp = now },
        { Kind: WorkflowMessageKind.EntityResponse } => new EntityOperationCompleted(message.TaskId, message.Payload) { Timestamp = now },
        { Kind: WorkflowMessageKind.EntityLockGranted } => new EntityLockGranted(message.TaskId) { Timestamp = now },
        _ => null,
    };
}
