namespace OrleansWorkflows.Storage;

/// <summary>
/// The mailbox of instances: durable inbox appends (deduplicated by sender sequence or client request id, see
/// <see cref="StoreRules.DecideAppend"/>), the request ids of the deduplication window, and removal of delivered
/// outbox entries. None of these changes an instance's version.
/// </summary>
public interface IMailboxStore
{
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
}
