using OrleansWorkflows.Storage;

namespace OrleansWorkflows.Testing.Skipping;

/// <summary>The host's in-memory store, telling <see cref="EngineCalls"/> about every write (before and after it).</summary>
internal sealed class ObservedStore(IWorkflowStore inner, EngineCalls calls) : IWorkflowStore
{
    public Task<long> CommitAsync(InstanceCommit commit, CancellationToken cancellationToken = default) =>
        Write(() => inner.CommitAsync(commit, cancellationToken));

    public Task<InstanceSnapshot?> LoadAsync(string instanceId, CancellationToken cancellationToken = default) => inner.LoadAsync(instanceId, cancellationToken);

    public Task<InstanceRecord?> GetRecordAsync(string instanceId, CancellationToken cancellationToken = default) => inner.GetRecordAsync(instanceId, cancellationToken);

    public Task<IReadOnlyList<string>> ReadHistoryAsync(string instanceId, int skip = 0, int take = int.MaxValue, CancellationToken cancellationToken = default) =>
        inner.ReadHistoryAsync(instanceId, skip, take, cancellationToken);

    public Task<InstancePage> QueryAsync(InstanceQuery query, CancellationToken cancellationToken = default) => inner.QueryAsync(query, cancellationToken);

    public Task<bool> PurgeAsync(string instanceId, long expectedVersion, CancellationToken cancellationToken = default) =>
        Write(() => inner.PurgeAsync(instanceId, expectedVersion, cancellationToken));

    public Task<bool> PurgeAsync(string instanceId, long expectedVersion, string requestId, DateTime requestedAt, CancellationToken cancellationToken = default) =>
        Write(() => inner.PurgeAsync(instanceId, expectedVersion, requestId, requestedAt, cancellationToken));

    public Task<InboxAppend> AppendRequestAsync(string instanceId, string messageJson, string requestId, DateTime receivedAt, CancellationToken cancellationToken = default) =>
        Write(() => inner.AppendRequestAsync(instanceId, messageJson, requestId, receivedAt, cancellationToken));

    public Task<bool> HasRequestAsync(string instanceId, string requestId, CancellationToken cancellationToken = default) =>
        inner.HasRequestAsync(instanceId, requestId, cancellationToken);

    public Task<int> PruneRequestsAsync(DateTime receivedBefore, int max, CancellationToken cancellationToken = default) =>
        Write(() => inner.PruneRequestsAsync(receivedBefore, max, cancellationToken));

    public Task<InboxAppend> AppendInboxAsync(string instanceId, string messageJson, string? sender, long sequence, CancellationToken cancellationToken = default) =>
        Write(() => inner.AppendInboxAsync(instanceId, messageJson, sender, sequence, cancellationToken));

    public Task RemoveOutboxAsync(string instanceId, IReadOnlyCollection<long> outboxIds, CancellationToken cancellationToken = default) =>
        Write(async () =>
        {
            await inner.RemoveOutboxAsync(instanceId, outboxIds, cancellationToken);
            return true;
        });

    public Task<IReadOnlyList<string>> FindDueWakeUpsAsync(DateTime dueBy, int max, CancellationToken cancellationToken = default) =>
        inner.FindDueWakeUpsAsync(dueBy, max, cancellationToken);

    public Task<IReadOnlyList<DueWakeUp>> FindDueWakeUpsAsync(DateTime dueBy, DueWakeUp? after, int max, CancellationToken cancellationToken = default) =>
        inner.FindDueWakeUpsAsync(dueBy, after, max, cancellationToken);

    public Task<bool> SetWakeUpAsync(string instanceId, long expectedVersion, DateTime? wakeAt, long inboxSeenUpTo, CancellationToken cancellationToken = default) =>
        Write(() => inner.SetWakeUpAsync(instanceId, expectedVersion, wakeAt, inboxSeenUpTo, cancellationToken));

    private async Task<T> Write<T>(Func<Task<T>> write)
    {
        calls.Changed();
        try
        {
            return await write();
        }
        finally
        {
            calls.Changed();
        }
    }
}
