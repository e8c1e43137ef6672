using System.Text.Json;
using OrleansWorkflows.Replay;
using OrleansWorkflows.Runtime;

namespace OrleansWorkflows.Engine;

/// <summary>What goes out after a commit: activities (with leases) and the committed outbox.</summary>
internal sealed partial class OrchestrationInstance
{
    /// <summary>Sends the committed outbox, each receiver's entries strictly in sequence order (see <see cref="OutboxDelivery"/>).</summary>
    public void ResumeDeliveries() => Outbox.Resume();

    /// <summary>Committed outbox entries not yet acknowledged by their receivers.</summary>
    public int Undelivered => Outbox.Count;

    /// <summary>Re-sends activities whose lease expired (all of them after an activation), not those whose result waits
    /// in the inbox (see <see cref="ActivityLeases"/>).</summary>
    private void RedispatchActivities(bool all)
    {
        if (_executor is null || !IsRunning)
        {
            Leases.Clear();
            return;
        }

        var buffered = BufferedResultTaskIds();
        var open = _executor.OpenActions.OfType<ScheduleActivityAction>().Where(a => !buffered.Contains(a.Id)).ToList();
        Leases.Redispatch(_record!.ExecutionId, open, all);
    }

    /// <summary>Tasks whose result already waits in the inbox (received while suspended): not sent again.</summary>
    private HashSet<int> BufferedResultTaskIds()
    {
        var ids = new HashSet<int>();
        foreach (var entry in Inbox.Entries)
        {
            var message = JsonSerializer.Deserialize<WorkflowMessage>(entry.MessageJson, WorkflowJson.Options)!;
            if (message.Kind is WorkflowMessageKind.ActivityCompleted or WorkflowMessageKind.ActivityFailed && message.TargetExecutionId == _record?.ExecutionId)
            {
                ids.Add(message.TaskId);
            }
        }

        return ids;
    }
}
