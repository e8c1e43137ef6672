namespace OrleansWorkflows.Storage;

/// <summary>
/// The status record of an instance: what queries read, plus the engine's per-instance bookkeeping. Rewritten by each
/// commit; its size does not grow with history length.
/// </summary>
public sealed record InstanceRecord
{
    /// <summary>The instance id.</summary>
    public required string InstanceId { get; init; }

    /// <summary>The orchestration name.</summary>
    public required string Name { get; init; }

    /// <summary>The current execution id.</summary>
    public required string ExecutionId { get; init; }

    /// <summary>The runtime status.</summary>
    public required OrchestrationRuntimeStatus Status { get; init; }

    /// <summary>The JSON input of the current execution.</summary>
    public string? Input { get; init; }

    /// <summary>The JSON output (failure details JSON for a failed instance).</summary>
    public string? Output { get; init; }

    /// <summary>The JSON custom status.</summary>
    public string? CustomStatus { get; init; }

    /// <summary>The parent instance, for a sub-orchestration.</summary>
    public string? ParentInstanceId { get; init; }

    /// <summary>The orchestration version the current execution runs (side-by-side versions); <c>null</c> for an
    /// unversioned instance, and in rows written before versions were stored.</summary>
    public string? OrchestrationVersion { get; init; }

    /// <summary>When the instance was created, UTC.</summary>
    public DateTime CreatedAt { get; init; }

    /// <summary>When the record last changed, UTC.</summary>
    public DateTime LastUpdatedAt { get; init; }

    /// <summary>When the instance finished, UTC.</summary>
    public DateTime? CompletedAt { get; init; }

    /// <summary>The version of this record: 1 after the first commit, incremented by each commit.</summary>
    public long Version { get; init; }

    /// <summary>
    /// The engine's bookkeeping as JSON (sequence numbers sent and applied per peer, counters). Opaque to stores.
    /// </summary>
    public string? EngineState { get; init; }

    /// <summary>
    /// The instance's durable wake-up (UTC): when the recovery sweep must poke it because work may be outstanding
    /// (open activities, undelivered messages, a timer), or <c>null</c> when it waits for nothing it could lose. Written
    /// with every commit; an inbox append makes the instance due at once (<see cref="DueAtOnce"/>). Kept in the wake
    /// index (<see cref="IWakeIndex"/>).
    /// </summary>
    public DateTime? WakeAt { get; init; }

    /// <summary>The <see cref="WakeAt"/> an inbox append writes: earlier than any clock reading.</summary>
    public static DateTime DueAtOnce => new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);
}

/// <summary>An inbox entry: a message durably received but not yet applied by an episode.</summary>
/// <param name="Id">The store-assigned id, increasing per instance.</param>
/// <param name="MessageJson">The message.</param>
/// <param name="Sender">The sending instance, for sequenced messages.</param>
/// <param name="Sequence">The sender's sequence number.</param>
public sealed record InboxEntry(long Id, string MessageJson, string? Sender, long Sequence);

/// <summary>An outbox entry: a message committed for sending and not yet acknowledged by its receiver.</summary>
/// <param name="Id">The engine-assigned id, increasing per instance.</param>
/// <param name="Receiver">The receiving instance.</param>
/// <param name="MessageJson">The message.</param>
public sealed record OutboxEntry(long Id, string Receiver, string MessageJson);

/// <summary>Everything loaded when an instance activates.</summary>
/// <param name="Record">The status record.</param>
/// <param name="History">The history of the current execution, as JSON events in order.</param>
/// <param name="Inbox">Received, unapplied messages in arrival order.</param>
/// <param name="Outbox">Committed, unacknowledged outgoing messages.</param>
public sealed record InstanceSnapshot(
    InstanceRecord Record,
    IReadOnlyList<string> History,
    IReadOnlyList<InboxEntry> Inbox,
    IReadOnlyList<OutboxEntry> Outbox);

/// <summary>One episode's changes, applied atomically by <see cref="IInstanceStore.CommitAsync"/>.</summary>
public sealed record InstanceCommit
{
    /// <summary>The new status record (its <see cref="InstanceRecord.Version"/> is ignored; the store sets it).</summary>
    public required InstanceRecord Record { get; init; }

    /// <summary>The version read by the writer; 0 when the instance must not exist yet.</summary>
    public required long ExpectedVersion { get; init; }

    /// <summary>True to drop the stored history first (a new execution: start, restart, continue-as-new).</summary>
    public bool ReplaceHistory { get; init; }

    /// <summary>The number of history events the writer believes are stored before this append (a cheap check).</summary>
    public int HistoryCountBefore { get; init; }

    /// <summary>History events to append, as JSON.</summary>
    public IReadOnlyList<string> AppendHistory { get; init; } = [];

    /// <summary>Inbox entries applied by this episode (removed).</summary>
    public IReadOnlyList<long> ConsumedInbox { get; init; } = [];

    /// <summary>Messages to put in this instance's own inbox (e.g. events carried into a new execution).</summary>
    public IReadOnlyList<string> AddInbox { get; init; } = [];

    /// <summary>Outgoing messages to commit.</summary>
    public IReadOnlyList<OutboxEntry> AddOutbox { get; init; } = [];

    /// <summary>Delivered outbox entries to remove.</summary>
    public IReadOnlyList<long> RemoveOutbox { get; init; } = [];

    /// <summary>
    /// The highest inbox entry id the writer knows of (0: none). Only inbox entries above it keep the instance due at once
    /// whatever <see cref="InstanceRecord.WakeAt"/> asks (see <see cref="IWakeIndex"/>): the writer
    /// decided about the others (e.g. messages a suspended instance keeps buffered, or that wait for an entity's lock).
    /// </summary>
    public long InboxSeenUpTo { get; init; }
}

/// <summary>A due wake-up found by <see cref="IWakeIndex.FindDueWakeUpsAsync(DateTime, DueWakeUp?, int, CancellationToken)"/>;
/// also the cursor of the next page (wake-ups are ordered by time, then instance id).</summary>
/// <param name="InstanceId">The instance.</param>
/// <param name="WakeAt">Its stored wake-up (UTC).</param>
public readonly record struct DueWakeUp(string InstanceId, DateTime WakeAt);
