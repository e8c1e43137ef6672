using OrleansWorkflows.Replay;
using OrleansWorkflows.Runtime;

namespace OrleansWorkflows.Engine;

/// <summary>
/// Entity answers owed across a rewind. An entity call still open when the instance failed has been (or will be) run by
/// the entity exactly once, and its answer is addressed to the execution that sent the call. A rewind starts a new
/// execution id but replays the same history, so the calls it waits for keep their task ids. The engine therefore never
/// re-sends such a call (the entity dedupes by (sender, sequence) and would never answer a repeat, and a new request would
/// run the operation a second time); instead it makes sure the one answer arrives:
/// <list type="bullet">
/// <item>while the instance is Failed, an entity's answer addressed to it is kept in the inbox (not applied, not keeping
/// the instance due) instead of being dropped; a restart or purge drops it with the rest of the execution;</item>
/// <item>the rewind remembers the replaced execution id (<see cref="EngineState.RewoundExecutionIds"/>), and an answer
/// addressed to one of them is applied to the current execution when it answers a call that execution still waits for:
/// same task id, from the entity that call went to. Anything else addressed to an old execution is dropped as before.</item>
/// </list>
/// Other answers need no such rule: activities are re-sent and timers re-armed from the rewound executor; a
/// sub-orchestration is asked again by <see cref="OrchestrationControls.RewindAsChildAsync"/>; an entity lock request still pending at the failure
/// makes the rewind refused (a critical section is never reopened, see <see cref="EpisodePlanner.RefuseRewind"/>), and the failure
/// released it.
/// </summary>
internal sealed partial class OrchestrationInstance
{
    /// <summary>An entity's answer to this Failed instance's current execution or one it was rewound from: kept for a rewind.</summary>
    private bool KeptForRewind(WorkflowMessage message) =>
        _record is { Status: OrchestrationRuntimeStatus.Failed } record
        && message is { Kind: WorkflowMessageKind.EntityResponse, TargetExecutionId: { } target }
        && (target == record.ExecutionId || _state.WasRewoundFrom(target));
}
