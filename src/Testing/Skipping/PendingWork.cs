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
    public static async Task<PendingWork> ReadAsync(IWorkflowStore store, DateTime now, OpenTasksCache histories, CancellationToken cancellationToken)
    {
        var due = new List<DueWakeUp>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
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

                seen.Add(wake.InstanceId);
                var open = histories.Of(snapshot);
                activity ??= open.WithoutResult(snapshot.Inbox).Select(a => $"activity '{a}' called by '{wake.InstanceId}'").FirstOrDefault();
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

        histories.KeepOnly(seen);
        return new PendingWork(due, busy, activity, nextTimer);
    }

    private static bool IsLive(OrchestrationRuntimeStatus status) =>
        status is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended;
}
