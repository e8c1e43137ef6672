using OrleansWorkflows.Storage;

namespace OrleansWorkflows.Engine;

/// <summary>
/// A grain's committed, unacknowledged outbox, indexed per receiver: a receiver's next entry (lowest id) is found in
/// O(log n) instead of by a scan of the whole outbox, so delivering a wide fan-out is linear in its width.
/// </summary>
internal sealed class OutboxQueue
{
    // Created by the first entry: most activations never hold one (an orchestration without a parent or entity calls).
    private Dictionary<long, OutboxEntry>? _entries;
    private Dictionary<string, SortedDictionary<long, OutboxEntry>>? _receivers;

    private Dictionary<long, OutboxEntry> ById => _entries ??= [];

    private Dictionary<string, SortedDictionary<long, OutboxEntry>> ByReceiver => _receivers ??= new(StringComparer.Ordinal);

    /// <summary>The number of entries.</summary>
    public int Count => _entries?.Count ?? 0;

    /// <summary>How many entries <see cref="TryPeek"/> looked at so far (the work of finding next entries, for tests).</summary>
    public long EntriesExamined { get; private set; }

    /// <summary>The receivers with at least one entry.</summary>
    public IReadOnlyCollection<string> Receivers => _receivers is null ? [] : _receivers.Keys;

    /// <summary>Adds (or replaces) the entry with this id.</summary>
    /// <param name="id">The entry id.</param>
    public OutboxEntry this[long id]
    {
        get => ById[id];
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            Remove(id);
            ById[id] = value;
            if (!ByReceiver.TryGetValue(value.Receiver, out var entries))
            {
                ByReceiver[value.Receiver] = entries = [];
            }

            entries[id] = value;
        }
    }

    /// <summary>The entry with the lowest id for <paramref name="receiver"/>, if any.</summary>
    /// <param name="receiver">The receiver.</param>
    /// <param name="entry">The entry.</param>
    public bool TryPeek(string receiver, out OutboxEntry entry)
    {
        if (_receivers is not null && _receivers.TryGetValue(receiver, out var entries))
        {
            entry = entries.First().Value;
            EntriesExamined++;
            return true;
        }

        entry = null!;
        return false;
    }

    /// <summary>Removes the entry with this id; false when there is none.</summary>
    /// <param name="id">The entry id.</param>
    public bool Remove(long id)
    {
        if (_entries is null || !_entries.Remove(id, out var entry))
        {
            return false;
        }

        var entries = ByReceiver[entry.Receiver];
        entries.Remove(id);
        if (entries.Count == 0)
        {
            ByReceiver.Remove(entry.Receiver);
        }

        return true;
    }

    /// <summary>Removes every entry.</summary>
    public void Clear()
    {
        _entries?.Clear();
        _receivers?.Clear();
    }
}
