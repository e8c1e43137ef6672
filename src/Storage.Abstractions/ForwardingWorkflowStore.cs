namespace OrleansWorkflows.Storage;

/// <summary>
/// A workflow store that passes every call to another (<see cref="Inner"/>): the base of wrappers that observe, count or
/// fail chosen calls (the test kit's store, the cluster tests' measuring and faulty stores) by overriding only those.
/// </summary>
/// <param name="inner">The store every call goes to.</param>
public abstract class ForwardingWorkflowStore(IWorkflowStore inner) : IWorkflowStore
{
    /// <summary>The store every call goes to.</summary>
    protected IWorkflowStore Inner { get; } = inner ?? throw new ArgumentNullException(nameof(inner));

    /// <inheritdoc />
    public virtual Task<long> CommitAsync(InstanceCommit commit, CancellationToken cancellationToken = default) => Inner.CommitAsync(commit, cancellationToken);

    /// <inheritdoc />
    public virtual Task<InstanceSnapshot?> LoadAsync(string instanceId, CancellationToken cancellationToken = default) => Inner.LoadAsync(instanceId, cancellationToken);

    /// <inheritdoc />
    public virtual Task<InstanceRecord?> GetRecordAsync(string instanceId, CancellationToken cancellationToken = default) => Inner.GetRecordAsync(instanceId, cancellationToken);

    /// <inheritdoc />
    public virtual Task<IReadOnlyList<string>> ReadHistoryAsync(string instanceId, int skip = 0, int take = int.MaxValue, CancellationToken cancellationToken = default) =>
        Inner.ReadHistoryAsync(instanceId, skip, take, cancellationToken);

    /// <inheritdoc />
    public virtual Task<InstancePage> QueryAsync(InstanceQuery query, CancellationToken cancellationToken = default) => Inner.QueryAsync(query, cancellationToken);

    /// <inheritdoc />
    public virtual Task<bool> PurgeAsync(string instanceId, long expectedVersion, CancellationToken cancellationToken = default) =>
        Inner.PurgeAsync(instanceId, expectedVersion, cancellationToken);

    /// <inheritdoc />
    public virtual Task<bool> PurgeAsync(string instanceId, long expectedVersion, string requestId, DateTime requestedAt, CancellationToken cancellationToken = default) =>
        Inner.PurgeAsync(instanceId, expectedVersion, requestId, requestedAt, cancellationToken);

    /// <inheritdoc />
    public virtual Task<InboxAppend> AppendRequestAsync(string instanceId, string messageJson, string requestId, DateTime receivedAt, CancellationToken cancellationToken = default) =>
        Inner.AppendRequestAsync(instanceId, messageJson, requestId, receivedAt, cancellationToken);

    /// <inheritdoc />
    public virtual Task<bool> HasRequestAsync(string instanceId, string requestId, CancellationToken cancellationToken = default) =>
        Inner.HasRequestAsync(instanceId, requestId, cancellationToken);

    /// <inheritdoc />
    public virtual Task<int> PruneRequestsAsync(DateTime receivedBefore, int max, CancellationToken cancellationToken = default) =>
        Inner.PruneRequestsAsync(receivedBefore, max, cancellationToken);

    /// <inheritdoc />
    public virtual Task<InboxAppend> AppendInboxAsync(string instanceId, string messageJson, string? sender, long sequence, CancellationToken cancellationToken = default) =>
        Inner.AppendInboxAsync(instanceId, messageJson, sender, sequence, cancellationToken);

    /// <inheritdoc />
    public virtual Task RemoveOutboxAsync(string instanceId, IReadOnlyCollection<long> outboxIds, CancellationToken cancellationToken = default) =>
        Inner.RemoveOutboxAsync(instanceId, outboxIds, cancellationToken);

    /// <inheritdoc />
    public virtual Task<IReadOnlyList<string>> FindDueWakeUpsAsync(DateTime dueBy, int max, CancellationToken cancellationToken = default) =>
        Inner.FindDueWakeUpsAsync(dueBy, max, cancellationToken);

    /// <inheritdoc />
    public virtual Task<IReadOnlyList<DueWakeUp>> FindDueWakeUpsAsync(DateTime dueBy, DueWakeUp? after, int max, CancellationToken cancellationToken = default) =>
        Inner.FindDueWakeUpsAsync(dueBy, after, max, cancellationToken);

    /// <inheritdoc />
    public virtual Task<bool> SetWakeUpAsync(string instanceId, long expectedVersion, DateTime? wakeAt, long inboxSeenUpTo, CancellationToken cancellationToken = default) =>
        Inner.SetWakeUpAsync(instanceId, expectedVersion, wakeAt, inboxSeenUpTo, cancellationToken);
}
