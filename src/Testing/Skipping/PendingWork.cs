using OrleansWorkflows.History;
using OrleansWorkflows.Runtime;
using OrleansWorkflows.Storage;

namespace OrleansWorkflows.Testing.Skipping;

/// <summary>
/// What the engine still has to do, read from the store: instances whose wake-up is due (a message waits, a timer is
/// due), undelivered messages, activities without a result, and the earliest open durable timer in the future. Every
/// instance with any of these has a wake-up in the store's wake index (each commit writes it), so the index is the list.
/// </summary>
/// <param name="Due">Wake-ups due now: the engine has work to run.</param>
/// <param name="Busy">Why messages are on their way, or <c>null</c> when none are.</param>
/// <param name="RunningActivity">An activity that has no result yet, or <c>null</c> when none runs.</param>
/// <param name="NextTimer">The earliest open durable timer of a running instance after now, or <c>null</c>.</param>
internal sealed record PendingWork(IReadOnlyList<DueWakeUp> Due, string? Busy, string? RunningActivity, DateTime? NextTimer)
{
    private const int PageSize = 500;

    /// <summary>Reads the pending work at engine time <paramref name="now"/>.</summary>
    public static async Task<PendingWork> ReadAsync(IWorkflowStore store, DateTime now, CancellationToken cancellationToken)
    {
        var due = new List<DueWakeUp>();
        string? busy = null;
        string? activity = null;
        DateTime? nextTimer = null;
        DueWakeUp? after = null;
        do
        {
            var page = await store.FindDueWakeUpsAsync(DateTime.MaxValue, after, PageSize, cancellationToken);
            foreach (var wake in page)
            {
                if (wake.WakeAt <= now)
                {
                    due.Add(wake);
                }

                if (await store.LoadAsync(wake.InstanceId, cancellationToken) is not { } snapshot)
                {
                    continue;
                }

                if (snapshot.Outbox.Count > 0)
                {
                    busy ??= $"instance '{wake.InstanceId}' has {snapshot.Outbox.Count} message(s) to deliver";
                }

                if (EntityId.IsEntityInstanceId(wake.InstanceId) || !IsLive(snapshot.Record.Status))
                {
                    continue;
                }

                var open = OpenTasks.Of(snapshot);
                activity ??= open.Activities.Select(a => $"activity '{a}' called by '{wake.InstanceId}'").FirstOrDefault();
                if (snapshot.Record.Status != OrchestrationRuntimeStatus.Suspended)
                {
                    foreach (var fireAt in open.Timers.Where(t => t > now))
                    {
                        nextTimer = nextTimer is { } t && t <= fireAt ? t : fireAt;
                    }
                }
            }

            after = page.Count == PageSize ? page[^1] : null;
        }
        while (after is not null);

        return new PendingWork(due, busy, activity, nextTimer);
    }

    private static bool IsLive(OrchestrationRuntimeStatus status) =>
        status is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended;

    /// <summary>The activities and durable timers a running execution has open, from its history (and the results a
    /// suspended instance keeps buffered in its inbox).</summary>
    private sealed record OpenTasks(IReadOnlyCollection<string> Activities, IReadOnlyCollection<DateTime> Timers)
    {
        public static OpenTasks Of(InstanceSnapshot snapshot)
        {
            var activities = new Dictionary<int, string>();
            var failed = new Dictionary<int, string>();
            var timers = new Dictionary<int, DateTime>();
            foreach (var json in snapshot.History)
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

            foreach (var entry in snapshot.Inbox)
            {
                if (WorkflowJson.Deserialize<WorkflowMessage>(entry.MessageJson) is { Kind: WorkflowMessageKind.ActivityCompleted or WorkflowMessageKind.ActivityFailed } result)
                {
                    activities.Remove(result.TaskId);
                }
            }

            return new OpenTasks(activities.Values, timers.Values);
        }
    }
}
