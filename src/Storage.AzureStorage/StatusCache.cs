using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;

namespace OrleansWorkflows.Storage.AzureStorage;

/// <summary>
/// The status rows this process wrote last, so the next round of an instance (usually its next episode, on the same
/// silo) need not read the row first. A copy is only a guess: a transaction decided on it is conditional on its ETag (a
/// stale copy fails it with 412, and the round is decided again on a fresh read), and a refusal decided on it is
/// decided again on a fresh read before it is answered. Bounded: when full, it starts over.
/// </summary>
internal sealed class StatusCache
{
    private const int Capacity = 4096;
    private readonly ConcurrentDictionary<string, StatusRow> _rows = new(StringComparer.Ordinal);

    /// <summary>A copy of the cached status row of <paramref name="instanceId"/>, or <c>null</c>.</summary>
    public StatusRow? Get(string instanceId) => _rows.TryGetValue(instanceId, out var row) ? row.Clone() : null;

    /// <summary>Keeps the status row a transaction just wrote (<paramref name="entity"/>, now at <paramref name="etag"/>).</summary>
    public void Keep(StatusRow written, TableEntity entity, ETag? etag)
    {
        if (etag is not { } committed)
        {
            _rows.TryRemove(written.InstanceId, out _);
            return;
        }

        if (_rows.Count >= Capacity)
        {
            _rows.Clear();
        }

        entity.ETag = committed;
        var row = written.Clone();
        row.Stored = entity;
        row.ETag = committed;
        row.PayloadsReplaced = false;
        row.Record = row.Record with { Input = null, Output = null, CustomStatus = null, EngineState = null };
        _rows[written.InstanceId] = row;
    }

    /// <summary>Forgets the row of <paramref name="instanceId"/>.</summary>
    public void Forget(string instanceId) => _rows.TryRemove(instanceId, out _);
}
