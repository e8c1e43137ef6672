namespace OrleansWorkflows.Storage.AzureStorage;

/// <summary>An episode's commit, queued on its instance's lane; answered with the new version.</summary>
internal sealed class CommitWrite(InstanceCommit commit) : GroupCommitEntry<long>
{
    public InstanceCommit Commit { get; } = commit;
}

/// <summary>An inbox append (sequenced, unsequenced or a client request); answered with what happened.</summary>
internal sealed class AppendWrite(string message, string? sender, long sequence, string? requestId, DateTime receivedAt) : GroupCommitEntry<InboxAppend>
{
    public string Message { get; } = message;

    public string? Sender { get; } = sender;

    public long Sequence { get; } = sequence;

    public string? RequestId { get; } = requestId;

    public DateTime ReceivedAt { get; } = receivedAt;
}

/// <summary>Removal of delivered outbox entries.</summary>
internal sealed class RemoveOutboxWrite(IReadOnlyCollection<long> ids) : GroupCommitEntry<bool>
{
    public IReadOnlyCollection<long> Ids { get; } = ids;
}

/// <summary>A wake-up change at an expected version; answered with whether it applied.</summary>
internal sealed class SetWakeWrite(long expectedVersion, DateTime? wakeAt, long inboxSeenUpTo) : GroupCommitEntry<bool>
{
    public long ExpectedVersion { get; } = expectedVersion;

    public DateTime? WakeAt { get; } = wakeAt;

    public long InboxSeenUpTo { get; } = inboxSeenUpTo;
}

/// <summary>A purge at an expected version, optionally remembering the purge's request id; written in a round of its own.</summary>
internal sealed class PurgeWrite(long expectedVersion, string? requestId, DateTime requestedAt) : GroupCommitEntry<bool>
{
    public long ExpectedVersion { get; } = expectedVersion;

    public string? RequestId { get; } = requestId;

    public DateTime RequestedAt { get; } = requestedAt;
}
