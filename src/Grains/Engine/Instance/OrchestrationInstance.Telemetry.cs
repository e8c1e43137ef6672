using OrleansWorkflows.History;
using OrleansWorkflows.Storage;

namespace OrleansWorkflows.Engine;

/// <summary>Telemetry of the instance: its spans and history-derived counts (<see cref="InstanceTracing"/>), episode,
/// replay and commit measurements (<see cref="WorkflowMetrics"/>) and its mailbox in the backlog gauges.</summary>
internal sealed partial class OrchestrationInstance
{
    /// <summary>The mailbox's place in the backlog gauges (<c>null</c> while nobody observes them).</summary>
    private MailboxRegistry.Registration? _backlog;

    /// <summary>The instance's spans and the counts taken from its committed history.</summary>
    private InstanceTracing Tracing { get; }

    /// <summary>The activation ends: its mailbox leaves the backlog gauges.</summary>
    public void Deactivated()
    {
        MailboxBacklog.Unregister(_backlog);
        _backlog = null;
    }

    /// <summary>A control episode's events (rare: read back from the commit's JSON) for its spans and counts.</summary>
    private void PrepareTracing(EpisodePlan plan)
    {
        if (plan.Commit.AppendHistory.Count > 0)
        {
            Tracing.Prepare([.. plan.Commit.AppendHistory.Select(HistorySerializer.Deserialize)], [], _historyCount);
        }
    }

    private void RecordEpisode(long began) =>
        WorkflowMetrics.RecordSince(WorkflowMetrics.EpisodeDuration, began, new(WorkflowMetrics.NameTag, _record?.Name));

    private void RecordReplay(int events)
    {
        if (WorkflowMetrics.ReplayLength.Enabled)
        {
            WorkflowMetrics.ReplayLength.Record(events, new KeyValuePair<string, object?>(WorkflowMetrics.NameTag, _record?.Name));
        }
    }

    private static void RecordCommit(InstanceCommit commit, long began)
    {
        var kind = new KeyValuePair<string, object?>(WorkflowMetrics.KindTag, "orchestration");
        WorkflowMetrics.RecordSince(WorkflowMetrics.CommitDuration, began, kind);
        if (WorkflowMetrics.CommitSize.Enabled)
        {
            WorkflowMetrics.CommitSize.Record(commit.AppendHistory.Count + commit.ConsumedInbox.Count + commit.AddOutbox.Count + commit.AddInbox.Count, kind);
        }
    }
}
