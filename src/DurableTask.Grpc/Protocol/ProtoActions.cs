using OrleansWorkflows.History;
using OrleansWorkflows.Replay;
using P = Microsoft.DurableTask.Protobuf;

namespace OrleansWorkflows.DurableTask.Grpc.Protocol;

/// <summary>What a remote worker's episode did, in the engine's terms: history events to append, actions to dispatch
/// after the commit, and how the execution ended (when it did).</summary>
/// <param name="Events">The scheduling events (and the <see cref="ExecutionCompleted"/>) to append after the applied events.</param>
/// <param name="Actions">What to dispatch once committed.</param>
/// <param name="Outcome">How the execution ended; <c>null</c> while it runs.</param>
internal sealed record RemoteEpisode(IReadOnlyList<HistoryEvent> Events, IReadOnlyList<OrchestratorAction> Actions, ExecutionOutcome? Outcome);

/// <summary>
/// The protocol's orchestrator actions as the engine's history events and actions: an activity, a timer, a
/// sub-orchestration and an event keep the worker's action id as their sequence number, so the completions the engine
/// later delivers refer to the ids the worker expects. A sub-orchestration's version and a continue-as-new's new version
/// are the engine's side-by-side versions of the child and of the next execution. Actions this slice does not serve (entities, terminating another
/// instance) fail the execution with a message that says so.
/// </summary>
internal static class ProtoActions
{
    public static RemoteEpisode ToEpisode(P.OrchestratorResponse response, DateTime now)
    {
        var events = new List<HistoryEvent>();
        var actions = new List<OrchestratorAction>();
        ExecutionOutcome? outcome = null;
        foreach (var action in response.Actions)
        {
            if (outcome is not null)
            {
                break;
            }

            var id = action.Id;
            switch (action.OrchestratorActionTypeCase)
            {
                case P.OrchestratorAction.OrchestratorActionTypeOneofCase.ScheduleTask:
                    var task = action.ScheduleTask;
                    events.Add(new TaskScheduled(id, task.Name, task.Input) { Timestamp = now });
                    actions.Add(new ScheduleActivityAction(id, task.Name, task.Input, 1));
                    break;
                case P.OrchestratorAction.OrchestratorActionTypeOneofCase.CreateTimer:
                    var fireAt = action.CreateTimer.FireAt.ToDateTime();
                    events.Add(new TimerCreated(id, fireAt) { Timestamp = now });
                    actions.Add(new CreateTimerAction(id, fireAt));
                    break;
                case P.OrchestratorAction.OrchestratorActionTypeOneofCase.CreateSubOrchestration:
                    var child = action.CreateSubOrchestration;
                    events.Add(new SubOrchestrationInstanceCreated(id, child.Name, child.InstanceId, child.Input) { Timestamp = now });
                    actions.Add(new StartSubOrchestrationAction(id, child.Name, child.InstanceId, child.Input)
                    {
                        Version = string.IsNullOrEmpty(child.Version) ? null : child.Version,
                    });
                    break;
                case P.OrchestratorAction.OrchestratorActionTypeOneofCase.SendEvent:
                    var send = action.SendEvent;
                    var target = send.Instance?.InstanceId ?? string.Empty;
                    events.Add(new EventSent(id, target, send.Name, send.Data) { Timestamp = now });
                    actions.Add(new SendEventAction(id, target, send.Name, send.Data));
                    break;
                case P.OrchestratorAction.OrchestratorActionTypeOneofCase.CompleteOrchestration:
                    outcome = Outcome(action.CompleteOrchestration);
                    break;
                default:
                    outcome = Failed("NotSupportedException",
                        $"The orchestration asked for {action.OrchestratorActionTypeCase} (action #{id}), which OrleansWorkflows does not serve " +
                        "over the Durable Task protocol yet (entities come in a later version).");
                    break;
            }
        }

        if (outcome is not null)
        {
            events.Add(new ExecutionCompleted(outcome.Status, outcome.Output, outcome.Failure) { Timestamp = now });
        }

        return new RemoteEpisode(events, actions, outcome);
    }

    private static ExecutionOutcome Outcome(P.CompleteOrchestrationAction complete) => complete.OrchestrationStatus switch
    {
        P.OrchestrationStatus.Completed => new ExecutionOutcome(OrchestrationRuntimeStatus.Completed, complete.Result, null, []),
        P.OrchestrationStatus.Failed => new ExecutionOutcome(
            OrchestrationRuntimeStatus.Failed, null,
            ProtoStates.FromProto(complete.FailureDetails) ?? new FailureDetails("OrchestrationFailed", complete.Result ?? "The orchestration failed."), []),
        P.OrchestrationStatus.ContinuedAsNew => new ExecutionOutcome(
            OrchestrationRuntimeStatus.ContinuedAsNew, complete.Result, null,
            [.. complete.CarryoverEvents.Where(e => e.EventTypeCase == P.HistoryEvent.EventTypeOneofCase.EventRaised)
                .Select(e => new EventRaised(e.EventRaised.Name, e.EventRaised.Input))])
        {
            NewVersion = string.IsNullOrEmpty(complete.NewVersion) ? null : complete.NewVersion,
        },
        var other => Failed("NotSupportedException", $"The orchestration completed with status {other}, which an orchestration cannot end with itself."),
    };

    private static ExecutionOutcome Failed(string type, string message) =>
        new(OrchestrationRuntimeStatus.Failed, null, new FailureDetails(type, message), []);
}
