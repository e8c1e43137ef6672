namespace OrleansWorkflows.Storage;

/// <summary>
/// The workflow store: everything the engine persists about orchestration instances. Every backend (in-memory,
/// SQLite, PostgreSQL) implements it and passes the same conformance tests. History is append-only per execution;
/// an episode's history, status and outbox are committed atomically and conditionally (<see cref="CommitAsync"/>).
/// Payloads are opaque JSON strings here: the history JSON contract lives in the engine.
/// </summary>
public interface IWorkflowStore
{
    /// <summary>Loads an instance's status record, current history, inbox and outbox; <c>null</c> when it does not exist.</summary>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<InstanceSnapshot?> LoadAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>Loads only the status record; <c>null</c> when the instance does not exist.</summary>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<InstanceRecord?> GetRecordAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>Reads the history of the current execution in order, or a page of it.</summary>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="skip">Events to skip from the start.</param>
    /// <param name="take">The most events to return.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<IReadOnlyList<string>> ReadHistoryAsync(string instanceId, int skip = 0, int take = int.MaxValue, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lists instances matching <paramref name="query"/>, one page at a time, from the instance index. Reads payloads only
    /// when <see cref="InstanceQuery.IncludeInputsAndOutputs"/> asks for them, and never the engine state; an id prefix is
    /// searched as a range of the primary key.
    /// </summary>
    /// <param name="query">The filter and page.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="FormatException">The continuation token is not valid.</exception>
    Task<InstancePage> QueryAsync(InstanceQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes an instance entirely (record, history, inbox, outbox) if its version is still
    /// <paramref name="expectedVersion"/>; returns false (and deletes nothing) when it does not exist or changed.
    /// </summary>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="expectedVersion">The version the caller saw.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    Task<bool> PurgeAsync(string instanceId, long expectedVersion, CancellationToken cancellationToken = default);

    /// <summary>
    /// As <see cref="PurgeAsync(string, long, CancellationToken)"/>, and in the same write remembers the purge's own
    /// <paramref name="requestId"/> (received at <paramref name="requestedAt"/>) as the one request id of the instance id:
    /// <see cref="HasRequestAsync"/> recognises a repeat of the purge after the instance is gone, until
    /// <see cref="PruneRequestsAsync"/> forgets it. An instance created again under the id finds it remembered too.
    /// </summary>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="expectedVersion">The version the caller saw.</param>
    /// <param name="requestId">The purge request's id.</param>
    /// <param name="requestedAt">When the purge was received (for pruning).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    Task<bool> PurgeAsync(string instanceId, long expectedVersion, string requestId, DateTime requestedAt, CancellationToken cancellationToken = default);

    /// <summary>
    /// Atomically applies one episode: the new record, history appended (or replaced for a new execution), inbox
    /// entries consumed or added, outbox entries added or removed. Succeeds only when the stored version equals
    /// <see cref="InstanceCommit.ExpectedVersion"/> (0 = the instance must not exist); otherwise nothing changes and
    /// <see cref="ConcurrencyException"/> is thrown.
    /// </summary>
    /// <param name="commit">The changes.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The new version.</returns>
    Task<long> CommitAsync(InstanceCommit commit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Durably appends a message to an existing instance's inbox. A sequenced message (<paramref name="sender"/> not
    /// <c>null</c>) already in the inbox is a duplicate: nothing is written (the engine checks the sender's applied
    /// watermark itself). Does not change the instance version. A store that supports wake-ups makes the instance due
    /// at once (<see cref="InstanceRecord.WakeAt"/> = <see cref="InstanceRecord.DueAtOnce"/>) in the same write, so a message acknowledged
    /// just before a crash is applied after it.
    /// </summary>
    /// <param name="instanceId">The receiving instance.</param>
    /// <param name="messageJson">The message.</param>
    /// <param name="sender">The sending instance for sequenced messages, else <c>null</c>.</param>
    /// <param name="sequence">The sender's sequence number for this receiver.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    Task<InboxAppend> AppendInboxAsync(string instanceId, string messageJson, string? sender, long sequence, CancellationToken cancellationToken = default);

    /// <summary>
    /// Durably appends a client request's message (an event raised or a signal sent from outside the engine) to an
    /// existing instance's inbox, exactly once per <paramref name="requestId"/>: the id is remembered with the instance in
    /// the same write, and a request id the instance already received is a <see cref="InboxAppendResult.Duplicate"/>
    /// (nothing written) until <see cref="PruneRequestsAsync"/> forgets it — however many other messages came between,
    /// and whether or not the first one was applied yet. Otherwise as <see cref="AppendInboxAsync"/> for an
    /// unsequenced message (wake-up due at once, version unchanged). Purging the instance forgets its request ids.
    /// </summary>
    /// <param name="instanceId">The receiving instance.</param>
    /// <param name="messageJson">The message.</param>
    /// <param name="requestId">The client's id for this request (at most 128 characters).</param>
    /// <param name="receivedAt">When the request was received (UTC); <see cref="PruneRequestsAsync"/> compares it.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    Task<InboxAppend> AppendRequestAsync(string instanceId, string messageJson, string requestId, DateTime receivedAt, CancellationToken cancellationToken = default);

    /// <summary>Whether the instance received client request <paramref name="requestId"/> (and has not forgotten it).</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="requestId">The client's request id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<bool> HasRequestAsync(string instanceId, string requestId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Forgets up to <paramref name="max"/> request ids received before <paramref name="receivedBefore"/> (the end of
    /// the deduplication window); returns how many it forgot.
    /// </summary>
    /// <param name="receivedBefore">Request ids received earlier than this (UTC) are forgotten.</param>
    /// <param name="max">The most ids to forget in this call.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    Task<int> PruneRequestsAsync(DateTime receivedBefore, int max, CancellationToken cancellationToken = default);

    /// <summary>Removes delivered outbox entries. Does not change the instance version.</summary>
    /// <param name="instanceId">The sending instance.</param>
    /// <param name="outboxIds">The delivered entries.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    Task RemoveOutboxAsync(string instanceId, IReadOnlyCollection<long> outboxIds, CancellationToken cancellationToken = default);

    /// <summary>
    /// Whether this store keeps <see cref="InstanceRecord.WakeAt"/> in an index and implements
    /// <see cref="FindDueWakeUpsAsync"/> and <see cref="SetWakeUpAsync"/>. Then the engine's recovery sweep, not one
    /// Orleans reminder per instance, guarantees that an instance with outstanding work is woken after a crash (the
    /// wake-up is part of the episode's own commit, so it costs no extra write). Stores without it get reminders.
    /// Rule for every write of <see cref="InstanceRecord.WakeAt"/> (commit and <see cref="SetWakeUpAsync(string, long, DateTime?, long, CancellationToken)"/>):
    /// while the instance has inbox entries the writer does not know of (ids above <see cref="InstanceCommit.InboxSeenUpTo"/>),
    /// the stored value is <see cref="InstanceRecord.DueAtOnce"/> whatever was asked (an entry appended while an episode
    /// ran is not part of its commit, and must not be left unwoken). Entries the writer knows of and leaves waiting by
    /// design (buffered while suspended, queued behind an entity lock) do not keep it due.
    /// </summary>
    bool SupportsWakeUps => false;

    /// <summary>Ids of instances whose <see cref="InstanceRecord.WakeAt"/> is at or before <paramref name="dueBy"/>,
    /// earliest first.</summary>
    /// <param name="dueBy">The latest wake-up time to return (UTC).</param>
    /// <param name="max">The most ids to return.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<IReadOnlyList<string>> FindDueWakeUpsAsync(DateTime dueBy, int max, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("This store does not keep wake-ups.");

    /// <summary>
    /// One page of due wake-ups: instances whose <see cref="InstanceRecord.WakeAt"/> is at or before
    /// <paramref name="dueBy"/> and that come after <paramref name="after"/> in (wake-up, instance id) order, earliest
    /// first. A sweep pages with the last one of each page, so every due instance is seen once.
    /// </summary>
    /// <param name="dueBy">The latest wake-up time to return (UTC).</param>
    /// <param name="after">The last wake-up of the previous page, or <c>null</c> for the first page.</param>
    /// <param name="max">The most wake-ups to return.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<IReadOnlyList<DueWakeUp>> FindDueWakeUpsAsync(DateTime dueBy, DueWakeUp? after, int max, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("This store does not keep wake-ups.");

    /// <summary>
    /// Sets an instance's <see cref="InstanceRecord.WakeAt"/> as <see cref="SetWakeUpAsync(string, long, DateTime?, long, CancellationToken)"/>
    /// for a writer that knows of no inbox entry (any entry keeps the instance due at once).
    /// </summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="expectedVersion">The version the caller holds.</param>
    /// <param name="wakeAt">The new wake-up, or <c>null</c> for none.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    Task<bool> SetWakeUpAsync(string instanceId, long expectedVersion, DateTime? wakeAt, CancellationToken cancellationToken = default) =>
        SetWakeUpAsync(instanceId, expectedVersion, wakeAt, 0, cancellationToken);

    /// <summary>
    /// Sets an instance's <see cref="InstanceRecord.WakeAt"/> if its version is still <paramref name="expectedVersion"/>
    /// (the version does not change); returns false, changing nothing, when the instance changed or does not exist.
    /// </summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="expectedVersion">The version the caller holds.</param>
    /// <param name="wakeAt">The new wake-up, or <c>null</c> for none.</param>
    /// <param name="inboxSeenUpTo">The highest inbox entry id the caller knows of (<see cref="InstanceCommit.InboxSeenUpTo"/>).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    Task<bool> SetWakeUpAsync(string instanceId, long expectedVersion, DateTime? wakeAt, long inboxSeenUpTo, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("This store does not keep wake-ups.");
}

/// <summary>The result of <see cref="IWorkflowStore.AppendInboxAsync"/>.</summary>
/// <param name="Result">What happened.</param>
/// <param name="EntryId">The id of the new entry when appended, else 0.</param>
public readonly record struct InboxAppend(InboxAppendResult Result, long EntryId);

/// <summary>What <see cref="IWorkflowStore.AppendInboxAsync"/> did.</summary>
public enum InboxAppendResult
{
    /// <summary>Appended.</summary>
    Appended = 0,

    /// <summary>Already received: nothing written.</summary>
    Duplicate = 1,

    /// <summary>No such instance: nothing written.</summary>
    NotFound = 2,
}

/// <summary>Thrown when a conditional commit finds another version than expected.</summary>
public sealed class ConcurrencyException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ConcurrencyException()
        : base("The instance was changed by another writer.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public ConcurrencyException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ConcurrencyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
