using OrleansWorkflows.History;
using OrleansWorkflows.Runtime;
using OrleansWorkflows.Storage;

namespace OrleansWorkflows.Testing.Skipping;

/// <summary>The activities (by task id) and durable timers an execution has open, read from its history.</summary>
/// <param name="Activities">Activity calls without a result in the history, by task id.</param>
/// <param name="Timers">When each open timer fires.</param>
internal sealed record OpenTasks(IReadOnlyDictionary<int, string> Activities, IReadOnlyCollection<DateTime> Timers)
{
    /// <summary>The open activities whose result is not buffered in <paramref name="inbox"/> either (a suspended instance
    /// keeps results there until it is resumed).</summary>
    public IEnumerable<string> WithoutResult(IReadOnlyList<InboxEntry> inbox)
    {
        if (Activities.Count == 0)
        {
            return [];
        }

        var buffered = inbox
            .Select(e => WorkflowJson.Deserialize<WorkflowMessage>(e.MessageJson))
            .Where(m => m is { Kind: WorkflowMessageKind.ActivityCompleted or WorkflowMessageKind.ActivityFailed })
            .Select(m => m!.TaskId)
            .ToHashSet();
        return Activities.Where(a => !buffered.Contains(a.Key)).Select(a => a.Value);
    }

    /// <summary>Reads the open tasks from a history (JSON events in order).</summary>
    public static OpenTasks Of(IReadOnlyList<string> history)
    {
        var activities = new Dictionary<int, string>();
        var failed = new Dictionary<int, string>();
        var timers = new Dictionary<int, DateTime>();
        foreach (var json in history)
        {
            switch (HistorySerializer.Deserialize(json))
            {
                case TaskScheduled scheduled:
                    activities[scheduled.EventId] = scheduled.Name;
                    break;
                case TaskCompleted completed:
                    activities.Remove(completed.TaskScheduledId);
                    break;
                case TaskFailed taskFailed when activities.Remove(taskFailed.TaskScheduledId, out var failedName):
                    failed[taskFailed.TaskScheduledId] = failedName;
                    break;
                case ExecutionRewound:
                    // Failures before a rewind count as not received: those activities run again.
                    foreach (var (id, name) in failed)
                    {
                        activities[id] = name;
                    }

                    failed.Clear();
                    break;
                case TimerCreated created:
                    timers[created.EventId] = created.FireAt;
                    break;
                case TimerFired fired:
                    timers.Remove(fired.TimerId);
                    break;
                default:
                    break;
            }
        }

        return new OpenTasks(activities, timers.Values);
    }
}

/// <summary>Open tasks per instance, read from a history once per commit (the history changes only with a commit,
/// which changes the record's version; a new execution changes its execution id).</summary>
internal sealed class OpenTasksCache
{
    private readonly Dictionary<string, (string ExecutionId, long Version, OpenTasks Tasks)> _byInstance = new(StringComparer.Ordinal);

    public OpenTasks Of(InstanceSnapshot snapshot)
    {
        var record = snapshot.Record;
        if (_byInstance.TryGetValue(record.InstanceId, out var cached) && cached.ExecutionId == record.ExecutionId && cached.Version == record.Version)
        {
            return cached.Tasks;
        }

        var tasks = OpenTasks.Of(snapshot.History);
        _byInstance[record.InstanceId] = (record.ExecutionId, record.Version, tasks);
        return tasks;
    }

    /// <summary>Forgets the instances not in <paramref name="instanceIds"/>.</summary>
    public void KeepOnly(IReadOnlySet<string> instanceIds)
    {
        foreach (var id in _byInstance.Keys.Where(id => !instanceIds.Contains(id)).ToList())
        {
            _byInstance.Remove(id);
        }
    }
}
