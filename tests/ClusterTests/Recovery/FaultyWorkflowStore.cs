using System.Collections.Concurrent;
using OrleansWorkflows.Storage;

namespace OrleansWorkflows.ClusterTests.Recovery;

/// <summary>
/// A workflow store that passes everything to another, fails the inbox appends a test chooses (a receiver that cannot
/// take a message: the sender's delivery fails and is retried) and counts the writes and wake-up scans per instance.
/// </summary>
internal sealed class FaultyWorkflowStore(IWorkflowStore inner) : ForwardingWorkflowStore(inner)
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

    public override async Task<long> CommitAsync(InstanceCommit commit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commit);
        var version = await Inner.CommitAsync(commit, cancellationToken);
        _writes.AddOrUpdate(commit.Record.InstanceId, 1, (_, n) => n + 1);
        return version;
    }

    public override async Task<bool> SetWakeUpAsync(string instanceId, long expectedVersion, DateTime? wakeAt, long inboxSeenUpTo, CancellationToken cancellationToken = default)
    {
        var set = await Inner.SetWakeUpAsync(instanceId, expectedVersion, wakeAt, inboxSeenUpTo, cancellationToken);
        _writes.AddOrUpdate(instanceId, 1, (_, n) => n + 1);
        return set;
    }

    public override Task<IReadOnlyList<string>> FindDueWakeUpsAsync(DateTime dueBy, int max, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _dueScans);
        return Inner.FindDueWakeUpsAsync(dueBy, max, cancellationToken);
    }

    public override Task<IReadOnlyList<DueWakeUp>> FindDueWakeUpsAsync(DateTime dueBy, DueWakeUp? after, int max, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _dueScans);
        return Inner.FindDueWakeUpsAsync(dueBy, after, max, cancellationToken);
    }

    public override Task<InboxAppend> AppendInboxAsync(string instanceId, string messageJson, string? sender, long sequence, CancellationToken cancellationToken = default)
    {
        if (FailInboxAppendTo?.Invoke(instanceId) == true)
        {
            Interlocked.Increment(ref _failedAppends);
            throw new IOException($"Injected: the inbox of '{instanceId}' cannot be written.");
        }

        return Inner.AppendInboxAsync(instanceId, messageJson, sender, sequence, cancellationToken);
    }
}
