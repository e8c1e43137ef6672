using OrleansWorkflows.Storage;

namespace OrleansWorkflows.Engine;

/// <summary>
/// A grain's committed, unacknowledged outbox, indexed per receiver: a receiver's next entry (lowest id) is found in
/// O(log n) instead of by a scan of the whole outbox, so delivering a wide fan-out is linear in its width.
/// </summary>
internal sealed class OutboxQueue
{
    private readonly Dictionary<long, OutboxEntry> _byId = [];
    private readonly Dictionary<string, SortedDictionary<long, OutboxEntry>> _byReceiver = new(StringComparer.Ordinal);

    /// <summary>The number of entries.</summary>
    public int Count => _byId.Count;

    /// <summary>How many entries <see cref="TryPeek"/> looked at so far (the work of finding next entries, for tests).</summary>
    public long EntriesExamined { get; private set; }

    /// <summary>The receivers with at least one entry.</summary>
    public IReadOnlyCollection<string> Receivers => _byReceiver.Keys;

    /// <summary>Adds (or replaces) the entry with this id.</summary>
    /// <param name="id">The entry id.</param>
    public OutboxEntry this[long id]
    {
        get => _byId[id];
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            Remove(id);
            _byId[id] = value;
            if (!_byReceiver.TryGetValue(value.Receiver, out var entries))
            {
                _byReceiver[value.Receiver] = entries = [];
            }

            entries[id] = value;
        }
    }

    /// <summary>The entry with the lowest id for <paramref name="receiver"/>, if any.</summary>
    /// <param name="receiver">The receiver.</param>
    /// <param name="entry">The entry.</param>
    public bool TryPeek(string receiver, out OutboxEntry entry)
    {
        if (_byReceiver.TryGetValue(receiver, out var entries))
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
        if (!_byId.Remove(id, out var entry))
        {
            return false;
        }

        var entries = _byReceiver[entry.Receiver];
        entries.Remove(id);
        if (entries.Count == 0)
        {
            _byReceiver.Remove(entry.Receiver);
        }

        return true;
    }

    /// <summary>Removes every entry.</summary>
    public void Clear()
    {
        _byId.Clear();
        _byReceiver.Clear();
    }
}
