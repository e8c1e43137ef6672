namespace OrleansWorkflows.Storage;

public static partial class StoreRules
{
    /// <summary>
    /// Decides an inbox append (<see cref="IMailboxStore.AppendInboxAsync"/>, <see cref="IMailboxStore.AppendRequestAsync"/>):
    /// <see cref="InboxAppendResult.NotFound"/> when the instance does not exist (<paramref name="receipts"/> is <c>null</c>);
    /// <see cref="InboxAppendResult.Duplicate"/> when a sequenced message's (sender, sequence) is already in the inbox or a
    /// client request id was already received; else <see cref="InboxAppendResult.Appended"/> as the entry after
    /// <paramref name="lastInboxId"/> (which advances). A new (sender, sequence) or request id is recorded in
    /// <paramref name="receipts"/> as it is accepted, so a second append of it in the same batch is a duplicate.
    /// </summary>
    /// <typeparam name="TReceipts">The backend's view of what the instance received.</typeparam>
    /// <param name="receipts">What the instance received, or <c>null</c> when it does not exist.</param>
    /// <param name="sender">The sending instance of a sequenced message, else <c>null</c>.</param>
    /// <param name="sequence">The sender's sequence number.</param>
    /// <param name="requestId">The client request id, else <c>null</c>.</param>
    /// <param name="receivedAt">When the request was received (for the deduplication window).</param>
    /// <param name="lastInboxId">The instance's last inbox entry id; advanced when the message is appended.</param>
    public static InboxAppend DecideAppend<TReceipts>(TReceipts? receipts, string? sender, long sequence, string? requestId, DateTime receivedAt, ref long lastInboxId)
        where TReceipts : IInboxReceipts
    {
        if (receipts is null)
        {
            return new InboxAppend(InboxAppendResult.NotFound, 0);
        }

        if ((sender is not null && !receipts.TryRecordSequence(sender, sequence))
            || (requestId is not null && !receipts.TryRecordRequest(requestId, receivedAt)))
        {
            return new InboxAppend(InboxAppendResult.Duplicate, 0);
        }

        return new InboxAppend(InboxAppendResult.Appended, ++lastInboxId);
    }
}

/// <summary>
/// What one instance received, as a backend knows it, for <see cref="StoreRules.DecideAppend"/>: the (sender, sequence) of
/// the sequenced messages in its inbox and the client request ids it remembers.
/// </summary>
public interface IInboxReceipts
{
    /// <summary>Records a sequenced message; false when its (sender, sequence) is already in the inbox.</summary>
    /// <param name="sender">The sending instance.</param>
    /// <param name="sequence">The sender's sequence number.</param>
    bool TryRecordSequence(string sender, long sequence);

    /// <summary>Records a client request id; false when the instance already received it.</summary>
    /// <param name="requestId">The client request id.</param>
    /// <param name="receivedAt">When the request was received.</param>
    bool TryRecordRequest(string requestId, DateTime receivedAt);
}
