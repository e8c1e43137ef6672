using OrleansWorkflows.Storage;

namespace OrleansWorkflows.Engine;

/// <summary>The commit of a scheduled start: the instance Pending until its time.</summary>
internal sealed partial class EpisodePlanner
{
    /// <summary>
    /// The Pending record of a start scheduled for <see cref="StartWork.NotBefore"/>: no history yet (an earlier
    /// execution's is replaced), the start's execution id, input, version and request id, and the wake-up at its time.
    /// The start's own episode (<see cref="Prepare"/>) later commits <c>ExecutionStarted</c> over it.
    /// </summary>
    public EpisodePlan PlanScheduledStart(InstanceView instance, DateTime now, StartWork start)
    {
        var at = start.NotBefore ?? throw new ArgumentException("A scheduled start has its time.", nameof(start));
        var state = instance.State.Clone();
        if (instance.Record is null)
        {
            state.SequenceBase = now.Ticks;
        }

        state.ParentExecutionId = null;
        state.ParentTaskId = null;
        state.Version = start.Version;
        state.RewoundExecutionIds = null;
        state.StartRequestId = start.RequestId;
        state.ScheduledStartAt = at;
        state.ScheduledTraceParent = start.TraceParent;
        var record = new InstanceRecord
        {
            InstanceId = instanceId,
            Name = start.Name,
            ExecutionId = start.ExecutionId!,
            Status = OrchestrationRuntimeStatus.Pending,
            Input = start.Input,
            CreatedAt = now,
            LastUpdatedAt = now,
            EngineState = state.ToJson(),
            WakeAt = at,
        };
        var commit = new InstanceCommit
        {
            Record = record,
            ExpectedVersion = instance.Record?.Version ?? 0,
            ReplaceHistory = true,
            HistoryCountBefore = instance.HistoryCount,
            AppendHistory = [],
            ConsumedInbox = [],
            AddInbox = [],
            AddOutbox = [],
            InboxSeenUpTo = instance.InboxSeen, // entries left by an earlier execution wait for the start too
        };
        return new EpisodePlan(commit, state, []);
    }
}
