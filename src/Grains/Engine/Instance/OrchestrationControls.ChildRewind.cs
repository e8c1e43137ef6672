using OrleansWorkflows.Runtime;

namespace OrleansWorkflows.Engine;

/// <summary>
/// Rewinding a parent gives it back every sub-orchestration it waits for again. Each one is sent a
/// <see cref="WorkflowMessageKind.Rewind"/> with the parent's new execution id, and answers by what it is now:
/// its own child that failed is rewound; its own child that runs (rewound by hand, or never failed) or finished meanwhile
/// is adopted — it reports to the new execution, at once when it has finished; its own child that was terminated, a
/// purged or never created one (its start was refused) and an id now held by another instance get the original start
/// again: a fresh child, or a refusal the parent receives as the sub-orchestration's failure. A parent never waits for a
/// child that will not answer. A child started afresh runs the version it ran (a terminated one: its recorded version),
/// else the version the parent's code asks for it, else the child's default version.
/// </summary>
internal sealed partial class OrchestrationControls
{
    /// <summary>A parent was rewound and waits for this instance again (see the type's summary).</summary>
    public async Task<WorkflowMessage?> RewindAsChildAsync(WorkflowMessage message)
    {
        var rewind = new ControlWork(ControlKind.Rewind, WorkflowMessages.ReasonOf(message), false, message.ParentExecutionId);
        if (message.OrchestrationName is not { } name || message.Sender is not { } parent)
        {
            await RunAsync(rewind); // written before rewinds carried the child's start: rewind only
            return null;
        }

        var start = message with { Kind = WorkflowMessageKind.StartSubOrchestration, Name = name, Reason = null };
        var state = instance.State;
        var ours = instance.Record is { } r && r.ParentInstanceId == parent && state.ParentTaskId == message.TaskId;
        if (!ours || state.ParentExecutionId == message.ParentExecutionId)
        {
            return await instance.StartAsChildAsync(start); // purged, never created, someone else's, or a repeat of this message
        }

        switch (instance.Record!.Status)
        {
            case OrchestrationRuntimeStatus.Terminated or OrchestrationRuntimeStatus.Canceled:
                // Afresh in the version it ran (a default changed since by a deploy does not apply to it).
                return await instance.StartAsChildAsync(start with { Version = state.Version ?? start.Version });
            case OrchestrationRuntimeStatus.Failed:
                var result = await RunAsync(rewind);
                return result.Outcome == OperationOutcome.Accepted
                    ? null
                    : instance.Refusal(message, "OrleansWorkflows.SubOrchestrationRewindRefused", result.Detail ?? result.Outcome.ToString());
            default:
                await RunAsync(new ControlWork(ControlKind.Adopt, null, false, message.ParentExecutionId));
                return null;
        }
    }
}
