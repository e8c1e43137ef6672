using System.Text.Json;
using OrleansWorkflows.Replay;
using OrleansWorkflows.Runtime;
using OrleansWorkflows.Storage;

namespace OrleansWorkflows.Engine;

/// <summary>
/// Rewinding a parent gives it back every sub-orchestration it waits for again. Each one is sent a
/// <see cref="WorkflowMessageKind.Rewind"/> with the parent's new execution id, and answers by what it is now:
/// its own child that failed is rewound; its own child that runs (rewound by hand, or never failed) or finished meanwhile
/// is adopted — it reports to the new execution, at once when it has finished; its own child that was terminated, a
/// purged or never created one (its start was refused) and an id now held by another instance get the original start
/// again: a fresh child, or a refusal the parent receives as the sub-orchestration's failure. A parent never waits for a
/// child that will not answer.
/// </summary>
internal sealed partial class OrchestrationGrain
{
    /// <summary>A parent was rewound and waits for this instance again (see the type's summary).</summary>
    private async Task<WorkflowMessage?> RewindAsChildAsync(WorkflowMessage message)
    {
        var rewind = new ControlWork(ControlKind.Rewind, WorkflowMessages.ReasonOf(message), false, message.ParentExecutionId);
        if (message.OrchestrationName is not { } name || message.Sender is not { } parent)
        {
            await RunControlAsync(rewind); // written before rewinds carried the child's start: rewind only
            return null;
        }

        var start = message with { Kind = WorkflowMessageKind.StartSubOrchestration, Name = name, Reason = null };
        var ours = _record is { } r && r.ParentInstanceId == parent && _state.ParentTaskId == message.TaskId;
        if (!ours || _state.ParentExecutionId == message.ParentExecutionId)
        {
            return await StartAsChildAsync(start); // purged, never created, someone else's, or a repeat of this message
        }

        switch (_record!.Status)
        {
            case OrchestrationRuntimeStatus.Terminated or OrchestrationRuntimeStatus.Canceled:
                return await StartAsChildAsync(start);
            case OrchestrationRuntimeStatus.Failed:
                var result = await RunControlAsync(rewind);
                return result.Outcome == OperationOutcome.Accepted
                    ? null
                    : Refusal(message, "OrleansWorkflows.SubOrchestrationRewindRefused", result.Detail ?? result.Outcome.ToString());
            default:
                await RunControlAsync(new ControlWork(ControlKind.Adopt, null, false, message.ParentExecutionId));
                return null;
        }
    }

    /// <summary>After an adoption: a continue-as-new start still waiting carries the new parent execution too.</summary>
    private void AfterAdopt(ControlWork work)
    {
        if (_start is { } next && next.ParentInstanceId == _record!.ParentInstanceId)
        {
            _start = next with { ParentExecutionId = work.NewParentExecutionId };
        }
    }

    /// <summary>
    /// The answer to a parent whose child cannot be started or given back: returned with the acknowledgement of the
    /// parent's message, which the parent's outbox delivery applies to the parent (never a call to the parent from here).
    /// Unsequenced: the parent drops it unless the task is open.
    /// </summary>
    private WorkflowMessage Refusal(WorkflowMessage request, string errorType, string reason) =>
        WorkflowMessages.SubOrchestrationFailed(request.TaskId, request.ParentExecutionId, new FailureDetails(errorType, reason)) with { Sender = InstanceId };
}
