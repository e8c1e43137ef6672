using OrleansWorkflows.Replay;
using OrleansWorkflows.Runtime;

namespace OrleansWorkflows.Engine;

/// <summary>Which inbox messages an episode applies (see the grain's ContinueAsNew and RewoundAnswers notes).</summary>
internal sealed partial class EpisodePlanner
{
    /// <summary>
    /// Whether <paramref name="message"/> from the inbox is for the execution <paramref name="executionId"/> an episode
    /// runs. A client's event (no sender, no execution) is for whichever execution of the instance runs when it is applied:
    /// one continued as new included, but not a fresh start of a finished instance (it was accepted by the old one).
    /// </summary>
    public static bool AppliesTo(WorkflowMessage message, StartWork? start, string executionId) =>
        message.TargetExecutionId is null
            ? !(start is { ExecutionId: null } && IsClientEvent(message))
            : message.TargetExecutionId == executionId;

    /// <summary>An event carried into execution <paramref name="executionId"/> by the continue-as-new that started it.</summary>
    public static bool IsCarried(WorkflowMessage message, StartWork? start, string executionId) =>
        start is { ExecutionId: not null } && message is { Kind: WorkflowMessageKind.EventRaised, Sender: null } && message.TargetExecutionId == executionId;

    private static bool IsClientEvent(WorkflowMessage message) =>
        message is { Kind: WorkflowMessageKind.EventRaised, Sender: null, TargetExecutionId: null };

    /// <summary>
    /// Whether <paramref name="message"/>, addressed to an execution this one was rewound from, answers an entity call
    /// <paramref name="execution"/> still waits for (same task id, sent by the entity the call went to).
    /// </summary>
    public static bool AnswersRewoundCall(WorkflowMessage message, EngineState state, IExecutionView? execution) =>
        message is { Kind: WorkflowMessageKind.EntityResponse, TargetExecutionId: { } target, Sender: { } entity }
        && state.WasRewoundFrom(target)
        && execution?.OpenActions.OfType<CallEntityAction>().Any(c => c.Id == message.TaskId && c.Entity.ToString() == entity) == true;
}
