using System.Collections.Concurrent;

namespace OrleansWorkflows.Engine;

/// <summary>
/// Work counters for tests that assert how much work the engine does (instead of how long it takes). When registered
/// as a singleton, entity grains count each inbox entry they read (deserialize) while looking for a runnable message.
/// </summary>
internal sealed class EngineWorkCounters
{
    private readonly ConcurrentDictionary<string, long> _inboxReads = new(StringComparer.Ordinal);

    /// <summary>Counts one inbox entry read by <paramref name="owner"/>.</summary>
    /// <param name="owner">The instance or entity id.</param>
    public void InboxEntryRead(string owner) => _inboxReads.AddOrUpdate(owner, 1, (_, n) => n + 1);

    /// <summary>The inbox entries <paramref name="owner"/> read so far.</summary>
    /// <param name="owner">The instance or entity id.</param>
    public long InboxEntriesRead(string owner) => _inboxReads.GetValueOrDefault(owner);
}
