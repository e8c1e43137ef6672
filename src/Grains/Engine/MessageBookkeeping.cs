namespace OrleansWorkflows.Engine;

/// <summary>
/// What a workflow grain (orchestration or entity) keeps about its one-way messages: sequence numbers sent to and
/// applied from each peer, and the outbox id counter. Stored as JSON in the record's engine state.
/// </summary>
internal abstract class MessageBookkeeping
{
    /// <summary>The last sequence number sent to each receiver.</summary>
    public Dictionary<string, long> Sent { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The last sequence number applied from each sender.</summary>
    public Dictionary<string, long> Applied { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The last outbox id used.</summary>
    public long LastOutboxId { get; set; }

    /// <summary>
    /// Where this incarnation's sequence numbers start: the creation time in ticks. A sender purged and created again
    /// under the same id starts above every number its earlier incarnation used, so receivers that still hold the old
    /// watermark do not mistake its new messages for duplicates.
    /// </summary>
    public long SequenceBase { get; set; }

    /// <summary>
    /// Records that the message of <paramref name="sender"/> with <paramref name="sequence"/> is applied now. Returns
    /// false for a message at or below the sender's watermark: a re-delivery that reached the inbox while the first copy
    /// was being committed (senders send to each receiver strictly in order), which the caller drops.
    /// </summary>
    public bool MarkApplied(string sender, long sequence)
    {
        if (Applied.GetValueOrDefault(sender) >= sequence)
        {
            return false;
        }

        Applied[sender] = sequence;
        return true;
    }

    /// <summary>Copies the bookkeeping into <paramref name="copy"/> (dictionaries duplicated, so the copy can be changed
    /// by an episode and dropped if its commit fails).</summary>
    protected T CopyTo<T>(T copy)
        where T : MessageBookkeeping
    {
        copy.Sent = new Dictionary<string, long>(Sent, StringComparer.Ordinal);
        copy.Applied = new Dictionary<string, long>(Applied, StringComparer.Ordinal);
        copy.LastOutboxId = LastOutboxId;
        copy.SequenceBase = SequenceBase;
        return copy;
    }

    /// <summary>Whether the bookkeeping equals <paramref name="other"/>'s (so its stored JSON can be reused).</summary>
    protected bool SameBookkeeping(MessageBookkeeping other) =>
        LastOutboxId == other.LastOutboxId && SequenceBase == other.SequenceBase && SameEntries(Sent, other.Sent) && SameEntries(Applied, other.Applied);

    private static bool SameEntries(Dictionary<string, long> a, Dictionary<string, long> b) =>
        a.Count == b.Count && a.All(e => b.TryGetValue(e.Key, out var v) && v == e.Value);

    /// <summary>The next sequence number for <paramref name="receiver"/> (increasing per receiver; not contiguous).</summary>
    public long NextSequence(string receiver) => Sent[receiver] = Math.Max(Sent.GetValueOrDefault(receiver), SequenceBase) + 1;
}
