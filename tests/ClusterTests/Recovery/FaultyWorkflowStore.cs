using System.Collections.Concurrent;
using OrleansWorkflows.Storage;

namespace OrleansWorkflows.ClusterTests.Recovery;

/// <summary>
/// A workflow store that passes everything to another, fails the inbox appends a test chooses (a receiver that cannot
/// take a message: the sender's delivery fails and is retried) and counts the writes and wake-up scans per instance.
/// </summary>
internal sealed class FaultyWorkflowStore(IWorkflowStore inner) : IWorkflowStore
{
    private readonly ConcurrentDictionary<string, int> _writes = new(StringComparer.Ordinal);
    private int _failedAppends;
    private int _dueScans;

    /// <summary>Fails <see cref="AppendInboxAsync"/> to the receivers for which this returns true.</summary>
    public Func<string, bool>? FailInboxAppendTo { get; set; }

    /// <summary>How many inbox appends failed by <see cref="FailInboxAppendTo"/>.</summary>
    public int FailedAppends => Volatile.Read(ref _failedAppends);

    /// <summary>How many times the recovery sweep asked for due wake-ups.</summary>
    public int DueScans => Volatile.Read(ref _dueScans);

    /// <summary>Commits and wake-up changes written for <paramref name="instanceId"/> so far.</summary>
    public int Writes(string instanceId) => _writes.GetValueOrDefault(instanceId);

    /// <summary>Commits and wake-up changes written so far for every instance.</summary>
    public int TotalWrites => _writes.Values.Sum();

    public bool SupportsWakeUps => inner.SupportsWakeUps;

    public async Task<long> CommitAsync(InstanceCommit commit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commit);
        var version = await inner.CommitAsync(commit, cancellationToken);
        _writes.AddOrUpdate(commit.Record.InstanceId, 1, (_, n) => n + 1);
        return version;
    }

    public async Task<bool> SetWakeUpAsync(string instanceId, long expectedVersion, DateTime? wakeAt, long inboxSeenUpTo, CancellationToken cancellationToken = default)
    {
        var set = await inner.SetWakeUpAsync(instanceId, expectedVersion, wakeAt, inboxSeenUpTo, cancellationToken);
        _writes.AddOrUpdate(instanceId, 1, (_, n) => n + 1);
        return set;
    }

    public Task<IReadOnlyList<string>> FindDueWakeUpsAsync(DateTime dueBy, int max, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _dueScans);
        return inner.FindDueWakeUpsAsync(dueBy, max, cancellationToken);
    }

    public Task<IReadOnlyList<DueWakeUp>> FindDueWakeUpsAsync(DateTime dueBy, DueWakeUp? after, int max, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _dueScans);
        return inner.FindDueWakeUpsAsync(dueBy, after, max, cancellationToken);
    }

    public Task<InboxAppend> AppendInboxAsync(string instanceId, string messageJson, string? sender, long sequence, CancellationToken cancellationToken = default)
    {
        if (FailInboxAppendTo?.Invoke(instanceId) == true)
        {
            Interlocked.Increment(ref _failedAppends);
            throw new IOException($"Injected: the inbox of '{instanceId}' cannot be written.");
        }

        return inner.AppendInboxAsync(instanceId, messageJson, sender, sequence, cancellationToken);
    }

    public Task<InstanceSnapshot?> LoadAsync(string instanceId, CancellationToken cancellationToken = default) => inner.LoadAsync(instanceId, cancellationToken);

    public Task<InstanceRecord?> GetRecordAsync(string instanceId, CancellationToken cancellationToken = default) => inner.GetRecordAsync(instanceId, cancellationToken);

    public Task<IReadOnlyList<string>> ReadHistoryAsync(string instanceId, int skip = 0, int take = int.MaxValue, CancellationToken cancellationToken = default) =>
        inner.ReadHistoryAsync(instanceId, skip, take, cancellationToken);

    public Task<InstancePage> QueryAsync(InstanceQuery query, CancellationToken cancellationToken = default) => inner.QueryAsync(query, cancellationToken);

    public Task<bool> PurgeAsync(string instanceId, long expectedVersion, CancellationToken cancellationToken = default) =>
        inner.PurgeAsync(instanceId, expectedVersion, cancellationToken);

    public Task<InboxAppend> AppendRequestAsync(string instanceId, string messageJson, string requestId, DateTime receivedAt, CancellationToken cancellationToken = default) =>
        inner.AppendRequestAsync(instanceId, messageJson, requestId, receivedAt, cancellationToken);

    public Task<bool> HasRequestAsync(string instanceId, string requestId, CancellationToken cancellationToken = default) =>
        inner.HasRequestAsync(instanceId, requestId, cancellationToken);

    public Task<int> PruneRequestsAsync(DateTime receivedBefore, int max, CancellationToken cancellationToken = default) =>
        inner.PruneRequestsAsync(receivedBefore, max, cancellationToken);

    public Task RemoveOutboxAsync(string instanceId, IReadOnlyCollection<long> outboxIds, CancellationToken cancellationToken = default) =>
        inner.RemoveOutboxAsync(instanceId, outboxIds, cancellationToken);
}
