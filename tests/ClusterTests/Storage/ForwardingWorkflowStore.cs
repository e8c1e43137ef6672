using OrleansWorkflows.Storage;

namespace OrleansWorkflows.ClusterTests.Storage;

/// <summary>A workflow store that passes every call to another; test wrappers override what they observe or fail.</summary>
internal abstract class ForwardingWorkflowStore(IWorkflowStore inner) : IWorkflowStore
{
    protected IWorkflowStore Inner => inner;

    public virtual Task<long> CommitAsync(InstanceCommit commit, CancellationToken cancellationToken = default) => inner.CommitAsync(commit, cancellationToken);

    public Task<InstanceSnapshot?> LoadAsync(string instanceId, CancellationToken cancellationToken = default) => inner.LoadAsync(instanceId, cancellationToken);

    public Task<InstanceRecord?> GetRecordAsync(string instanceId, CancellationToken cancellationToken = default) => inner.GetRecordAsync(instanceId, cancellationToken);

    public Task<IReadOnlyList<string>> ReadHistoryAsync(string instanceId, int skip = 0, int take = int.MaxValue, CancellationToken cancellationToken = default) =>
        inner.ReadHistoryAsync(instanceId, skip, take, cancellationToken);

    public Task<InstancePage> QueryAsync(InstanceQuery query, CancellationToken cancellationToken = default) => inner.QueryAsync(query, cancellationToken);

    public Task<bool> PurgeAsync(string instanceId, long expectedVersion, CancellationToken cancellationToken = default) =>
        inner.PurgeAsync(instanceId, expectedVersion, cancellationToken);

    public Task<bool> PurgeAsync(string instanceId, long expectedVersion, string requestId, DateTime requestedAt, CancellationToken cancellationToken = default) =>
        inner.PurgeAsync(instanceId, expectedVersion, requestId, requestedAt, cancellationToken);

    public Task<InboxAppend> AppendRequestAsync(string instanceId, string messageJson, string requestId, DateTime receivedAt, CancellationToken cancellationToken = default) =>
        inner.AppendRequestAsync(instanceId, messageJson, requestId, receivedAt, cancellationToken);

    public Task<bool> HasRequestAsync(string instanceId, string requestId, CancellationToken cancellationToken = default) =>
        inner.HasRequestAsync(instanceId, requestId, cancellationToken);

    public Task<int> PruneRequestsAsync(DateTime receivedBefore, int max, CancellationToken cancellationToken = default) =>
        inner.PruneRequestsAsync(receivedBefore, max, cancellationToken);

    public virtual Task<InboxAppend> AppendInboxAsync(string instanceId, string messageJson, string? sender, long sequence, CancellationToken cancellationToken = default) =>
        inner.AppendInboxAsync(instanceId, messageJson, sender, sequence, cancellationToken);

    public Task RemoveOutboxAsync(string instanceId, IReadOnlyCollection<long> outboxIds, CancellationToken cancellationToken = default) =>
        inner.RemoveOutboxAsync(instanceId, outboxIds, cancellationToken);

    public virtual Task<IReadOnlyList<string>> FindDueWakeUpsAsync(DateTime dueBy, int max, CancellationToken cancellationToken = default) =>
        inner.FindDueWakeUpsAsync(dueBy, max, cancellationToken);

    public virtual Task<IReadOnlyList<DueWakeUp>> FindDueWakeUpsAsync(DateTime dueBy, DueWakeUp? after, int max, CancellationToken cancellationToken = default) =>
        inner.FindDueWakeUpsAsync(dueBy, after, max, cancellationToken);

    public virtual Task<bool> SetWakeUpAsync(string instanceId, long expectedVersion, DateTime? wakeAt, long inboxSeenUpTo, CancellationToken cancellationToken = default) =>
        inner.SetWakeUpAsync(instanceId, expectedVersion, wakeAt, inboxSeenUpTo, cancellationToken);
}
