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

    /// <summary>The sequence numbers of sub-orchestrations whose failure a rewind voided (their children rewind too).</summary>
    public static IEnumerable<int> RewoundSubOrchestrations(IReadOnlyList<HistoryEvent> historyBeforeRewind) =>
        historyBeforeRewind.OfType<SubOrchestrationInstanceFailed>().Select(f => f.TaskScheduledId);

    private static bool IsVoidedFailure(HistoryEvent e) => e is TaskFailed or SubOrchestrationInstanceFailed
        or ExecutionCompleted { OrchestrationStatus: OrchestrationRuntimeStatus.Failed };
}
