using System.Text.Json.Serialization;
using OrleansWorkflows.Runtime;

namespace OrleansWorkflows.Engine;

/// <summary>
/// What a workflow grain (orchestration or entity) keeps about its one-way messages: the sequence counter it stamps
/// sent messages with, the entities the current execution sent to, the watermark applied from each live sender, the
/// recently retired senders, and the outbox id counter. Stored as JSON in the record's engine state.
/// </summary>
/// <remarks>
/// Bounds: an orchestration's <see cref="Sent"/> names the entities its current execution sent to and is emptied when
/// the execution ends (each of them then gets a <c>SenderFinished</c> message). A receiver keeps one
/// <see cref="Applied"/> watermark per sender that may still send (orchestrations that have not finished, entities);
/// a finished orchestration's watermark moves to <see cref="Retired"/> and is forgotten once it is older than the retired
/// window (the request-id window), so an entity's bookkeeping holds its live senders plus those that finished within the
/// window, not every sender it ever had.
/// </remarks>
internal abstract class MessageBookkeeping
{
    /// <summary>The format version of the stored JSON, written first (<see cref="StoredFormat"/>); a newer one fails to read.</summary>
    [JsonPropertyName(StoredFormat.VersionProperty), JsonPropertyOrder(-1)]
    public int FormatVersion { get => StoredFormat.Current; set => StoredFormat.Check(value, StoredName); }

    /// <summary>The receivers the current execution sent sequenced messages to, with the last sequence number sent to each
    /// (an orchestration lists entities only: they are told when it finishes). Old stored states list every receiver.</summary>
    [JsonPropertyName("sent")]
    public Dictionary<string, long> Sent { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The last sequence number applied from each sender that may still send.</summary>
    [JsonPropertyName("applied")]
    public Dictionary<string, long> Applied { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Senders that said they finished: their last sequence number and when they finished. A late re-delivery
    /// of one of their messages is still recognised until the entry is forgotten (<see cref="ForgetRetired"/>).</summary>
    [JsonPropertyName("retired"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, RetiredSender>? Retired { get; set; }

    /// <summary>The last sequence number stamped on a sent message (one counter for all receivers); 0 in states stored
    /// before the counter existed, which start above every number in <see cref="Sent"/> (<see cref="Upgrade"/>).</summary>
    [JsonPropertyName("lastSequence")]
    public long LastSequence { get; set; }

    /// <summary>The last outbox id used.</summary>
    [JsonPropertyName("lastOutboxId")]
    public long LastOutboxId { get; set; }

    /// <summary>
    /// Where this incarnation's sequence numbers start: the creation time in ticks. A sender purged and created again
    /// under the same id starts above every number its earlier incarnation used, so receivers that still hold the old
    /// watermark do not mistake its new messages for duplicates.
    /// </summary>
    [JsonPropertyName("sequenceBase")]
    public long SequenceBase { get; set; }

    /// <summary>What the stored JSON is, for errors.</summary>
    protected abstract string StoredName { get; }

    /// <summary>Whether the message of <paramref name="sender"/> with <paramref name="sequence"/> was applied before (at or
    /// below the sender's watermark, live or retired).</summary>
    public bool IsApplied(string sender, long sequence) =>
        Applied.GetValueOrDefault(sender) >= sequence || (Retired?.TryGetValue(sender, out var retired) == true && retired.Sequence >= sequence);

    /// <summary>
    /// Records that the message of <paramref name="sender"/> with <paramref name="sequence"/> is applied now. Returns
    /// false for a message at or below the sender's watermark: a re-delivery that reached the inbox while the first copy
    /// was being committed (senders send to each receiver strictly in order), which the caller drops.
    /// </summary>
    public bool MarkApplied(string sender, long sequence)
    {
        if (IsApplied(sender, sequence))
        {
            return false;
        }

        Applied[sender] = sequence;
        if (Retired?.Remove(sender) == true && Retired.Count == 0)
        {
            Retired = null; // a retired sender sends again (rewound): it is live again
        }

        return true;
    }

    /// <summary>The sender said it finished (its last message, applied after all its earlier ones): its watermark moves to
    /// <see cref="Retired"/> with the time <paramref name="now"/>.</summary>
    public void Retire(string sender, long sequence, DateTime now)
    {
        Applied.Remove(sender);
        (Retired ??= new(StringComparer.Ordinal))[sender] = new RetiredSender(sequence, now);
    }

    /// <summary>Forgets the senders retired before <paramref name="cutoff"/>; returns whether any was forgotten.</summary>
    public bool ForgetRetired(DateTime cutoff)
    {
        if (Retired is null || Retired.Values.All(r => r.At >= cutoff))
        {
            return false;
        }

        foreach (var sender in Retired.Where(r => r.Value.At < cutoff).Select(r => r.Key).ToList())
        {
            Retired.Remove(sender);
        }

        Retired = Retired.Count == 0 ? null : Retired;
        return true;
    }

    /// <summary>
    /// The next sequence number for <paramref name="receiver"/>: one counter for all receivers (increasing per receiver;
    /// not contiguous). With <paramref name="remember"/> the receiver is listed in <see cref="Sent"/> (to be told when the
    /// sender finishes).
    /// </summary>
    public long NextSequence(string receiver, bool remember)
    {
        LastSequence = Math.Max(LastSequence, SequenceBase) + 1;
        if (remember)
        {
            Sent[receiver] = LastSequence;
        }

        return LastSequence;
    }

    /// <summary>A state stored before <see cref="LastSequence"/> existed numbered per receiver in <see cref="Sent"/>: the
    /// counter continues above every number used, so no receiver's watermark is above the next one.</summary>
    protected void Upgrade()
    {
        if (Sent.Count > 0)
        {
            LastSequence = Math.Max(LastSequence, Sent.Values.Max());
        }
    }

    /// <summary>Copies the bookkeeping into <paramref name="copy"/> (dictionaries duplicated, so the copy can be changed
    /// by an episode and dropped if its commit fails).</summary>
    protected T CopyTo<T>(T copy)
        where T : MessageBookkeeping
    {
        copy.Sent = new Dictionary<string, long>(Sent, StringComparer.Ordinal);
        copy.Applied = new Dictionary<string, long>(Applied, StringComparer.Ordinal);
        copy.Retired = Retired is null ? null : new Dictionary<string, RetiredSender>(Retired, StringComparer.Ordinal);
        copy.LastSequence = LastSequence;
        copy.LastOutboxId = LastOutboxId;
        copy.SequenceBase = SequenceBase;
        return copy;
    }

    /// <summary>Whether the bookkeeping equals <paramref name="other"/>'s (so its stored JSON can be reused).</summary>
    protected bool SameBookkeeping(MessageBookkeeping other) =>
        LastOutboxId == other.LastOutboxId && SequenceBase == other.SequenceBase && LastSequence == other.LastSequence
        && SameEntries(Sent, other.Sent) && SameEntries(Applied, other.Applied)
        && SameEntries(Retired ?? [], other.Retired ?? []);

    private static bool SameEntries<TValue>(Dictionary<string, TValue> a, Dictionary<string, TValue> b) =>
        a.Count == b.Count && a.All(e => b.TryGetValue(e.Key, out var v) && EqualityComparer<TValue>.Default.Equals(v, e.Value));
}

/// <summary>A sender that finished: its last sequence number and when its finish was applied.</summary>
internal sealed record RetiredSender([property: JsonPropertyName("sequence")] long Sequence, [property: JsonPropertyName("at")] DateTime At);
