using OrleansWorkflows.History;

namespace OrleansWorkflows.Replay;

/// <summary>
/// How a rewound history replays: every failure recorded before the last <see cref="ExecutionRewound"/> (failed
/// activities, failed sub-orchestrations and the failed end of the execution) counts as not received, so the tasks
/// they ended are open again and run once more. The stored history itself is never changed.
/// </summary>
internal static class RewindRules
{
    /// <summary>The history the executor replays.</summary>
    public static IReadOnlyList<HistoryEvent> Effective(IReadOnlyList<HistoryEvent> history)
    {
        var lastRewind = -1;
        for (var i = history.Count - 1; i >= 0; i--)
        {
            if (history[i] is ExecutionRewound)
            {
                lastRewind = i;
                break;
            }
        }

        if (lastRewind < 0)
        {
            return history;
        }

        var effective = new List<HistoryEvent>(history.Count);
        for (var i = 0; i < history.Count; i++)
        {
            if (i < lastRewind && IsVoidedFailure(history[i]))
            {
                continue;
            }

            effective.Add(history[i]);
        }

        return effective;
    }

    /// <summary>
    /// The entities held when a failure that a rewind would void was recorded, or <c>null</c>. Such a failure ended (or
    /// reached) the code inside a critical section; its locks were released when the execution failed, so a rewind
    /// would run the rest of the section without them: the rewind must be refused.
    /// </summary>
    public static IReadOnlyList<EntityId>? LocksHeldAtAVoidedFailure(IReadOnlyList<HistoryEvent> historyBeforeRewind)
    {
        var held = new List<EntityId>();
        foreach (var e in historyBeforeRewind)
        {
            if (held.Count > 0 && IsVoidedFailure(e))
            {
                return held;
            }

            HistoryLocks.Apply(held, e);
        }

        return null;
    }

    private static bool IsVoidedFailure(HistoryEvent e) => e is TaskFailed or SubOrchestrationInstanceFailed
        or ExecutionCompleted { OrchestrationStatus: OrchestrationRuntimeStatus.Failed };
}
