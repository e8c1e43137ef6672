using OrleansWorkflows.Storage;

namespace OrleansWorkflows.Testing.Skipping;

/// <summary>The host's in-memory store, telling <see cref="EngineCalls"/> about every write (before and after it).</summary>
internal sealed class ObservedStore(IWorkflowStore inner, EngineCalls calls) : ForwardingWorkflowStore(inner)
{
    public override Task<long> CommitAsync(InstanceCommit commit, CancellationToken cancellationToken = default) =>
        Write(() => base.CommitAsync(commit, cancellationToken));

    public override Task<bool> PurgeAsync(string instanceId, long expectedVersion, CancellationToken cancellationToken = default) =>
        Write(() => base.PurgeAsync(instanceId, expectedVersion, cancellationToken));

    public override Task<bool> PurgeAsync(string instanceId, long expectedVersion, string requestId, DateTime requestedAt, CancellationToken cancellationToken = default) =>
        Write(() => base.PurgeAsync(instanceId, expectedVersion, requestId, requestedAt, cancellationToken));

    public override Task<InboxAppend> AppendRequestAsync(string instanceId, string messageJson, string requestId, DateTime receivedAt, CancellationToken cancellationToken = default) =>
        Write(() => base.AppendRequestAsync(instanceId, messageJson, requestId, receivedAt, cancellationToken));

    public override Task<int> PruneRequestsAsync(DateTime receivedBefore, int max, CancellationToken cancellationToken = default) =>
        Write(() => base.PruneRequestsAsync(receivedBefore, max, cancellationToken));

    public override Task<InboxAppend> AppendInboxAsync(string instanceId, string messageJson, string? sender, long sequence, CancellationToken cancellationToken = default) =>
        Write(() => base.AppendInboxAsync(instanceId, messageJson, sender, sequence, cancellationToken));

    public override Task RemoveOutboxAsync(string instanceId, IReadOnlyCollection<long> outboxIds, CancellationToken cancellationToken = default) =>
        Write(async () =>
        {
            await base.RemoveOutboxAsync(instanceId, outboxIds, cancellationToken);
            return true;
        });

    public override Task<bool> SetWakeUpAsync(string instanceId, long expectedVersion, DateTime? wakeAt, long inboxSeenUpTo, CancellationToken cancellationToken = default) =>
        Write(() => base.SetWakeUpAsync(instanceId, expectedVersion, wakeAt, inboxSeenUpTo, cancellationToken));

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
