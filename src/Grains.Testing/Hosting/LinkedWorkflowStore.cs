using OrleansWorkflows.Storage;

namespace OrleansWorkflows.Hosting;

/// <summary>A silo's view of a shared workflow store that fails once the silo's <see cref="SiloStorageLink"/> is severed,
/// and holds the commits and purges a test chose (<see cref="StoreWriteHolds"/>).</summary>
internal sealed class LinkedWorkflowStore(IWorkflowStore inner, SiloStorageLink link, StoreWriteHolds? holds = null) : IWorkflowStore
{
    public Task<InstanceSnapshot?> LoadAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        link.ThrowIfSevered();
        return inner.LoadAsync(instanceId, cancellationToken);
    }

    public Task<InstanceRecord?> GetRecordAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        link.ThrowIfSevered();
        return inner.GetRecordAsync(instanceId, cancellationToken);
    }

    public Task<IReadOnlyList<string>> ReadHistoryAsync(string instanceId, int skip = 0, int take = int.MaxValue, CancellationToken cancellationToken = default)
    {
        link.ThrowIfSevered();
        return inner.ReadHistoryAsync(instanceId, skip, take, cancellationToken);
    }

    public Task<InstancePage> QueryAsync(InstanceQuery query, CancellationToken cancellationToken = default)
    {
        link.ThrowIfSevered();
        return inner.QueryAsync(query, cancellationToken);
    }

    public async Task<bool> PurgeAsync(string instanceId, long expectedVersion, CancellationToken cancellationToken = default)
    {
        link.ThrowIfSevered();
        if (holds is not null)
        {
            await holds.BeforeWriteAsync(new StoreWriteHolds.PurgeWrite(instanceId));
            link.ThrowIfSevered();
        }

        return await inner.PurgeAsync(instanceId, expectedVersion, cancellationToken);
    }

    public async Task<bool> PurgeAsync(string instanceId, long expectedVersion, string requestId, DateTime requestedAt, CancellationToken cancellationToken = default)
    {
        link.ThrowIfSevered();
        if (holds is not null)
        {
            await holds.BeforeWriteAsync(new StoreWriteHolds.PurgeWrite(instanceId));
            link.ThrowIfSevered();
        }

        return await inner.PurgeAsync(instanceId, expectedVersion, requestId, requestedAt, cancellationToken);
    }

    public async Task<long> CommitAsync(InstanceCommit commit, CancellationToken cancellationToken = default)
    {
        link.ThrowIfSevered();
        if (holds is not null)
        {
            await holds.BeforeWriteAsync(commit);
            link.ThrowIfSevered();
        }

        return await inner.CommitAsync(commit, cancellationToken);
    }

    public Task<InboxAppend> AppendInboxAsync(string instanceId, string messageJson, string? sender, long sequence, CancellationToken cancellationToken = default)
    {
        link.ThrowIfSevered();
        return inner.AppendInboxAsync(instanceId, messageJson, sender, sequence, cancellationToken);
    }

    public Task<InboxAppend> AppendRequestAsync(string instanceId, string messageJson, string requestId, DateTime receivedAt, CancellationToken cancellationToken = default)
    {
        link.ThrowIfSevered();
        return inner.AppendRequestAsync(instanceId, messageJson, requestId, receivedAt, cancellationToken);
    }

    public Task<bool> HasRequestAsync(string instanceId, string requestId, CancellationToken cancellationToken = default)
    {
        link.ThrowIfSevered();
        return inner.HasRequestAsync(instanceId, requestId, cancellationToken);
    }

    public Task<int> PruneRequestsAsync(DateTime receivedBefore, int max, CancellationToken cancellationToken = default)
    {
        link.ThrowIfSevered();
        return inner.PruneRequestsAsync(receivedBefore, max, cancellationToken);
    }

    public Task RemoveOutboxAsync(string instanceId, IReadOnlyCollection<long> outboxIds, CancellationToken cancellationToken = default)
    {
        link.ThrowIfSevered();
        return inner.RemoveOutboxAsync(instanceId, outboxIds, cancellationToken);
    }

    public Task<IReadOnlyList<string>> FindDueWakeUpsAsync(DateTime dueBy, int max, CancellationToken cancellationToken = default)
    {
        link.ThrowIfSevered();
        return inner.FindDueWakeUpsAsync(dueBy, max, cancellationToken);
    }

    public Task<IReadOnlyList<DueWakeUp>> FindDueWakeUpsAsync(DateTime dueBy, DueWakeUp? after, int max, CancellationToken cancellationToken = default)
    {
        link.ThrowIfSevered();
        return inner.FindDueWakeUpsAsync(dueBy, after, max, cancellationToken);
    }

    public Task<bool> SetWakeUpAsync(string instanceId, long expectedVersion, DateTime? wakeAt, long inboxSeenUpTo, CancellationToken cancellationToken = default)
    {
        link.ThrowIfSevered();
        return inner.SetWakeUpAsync(instanceId, expectedVersion, wakeAt, inboxSeenUpTo, cancellationToken);
    }
}
