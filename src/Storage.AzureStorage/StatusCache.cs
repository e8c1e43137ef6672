using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;

namespace OrleansWorkflows.Storage.AzureStorage;

/// <summary>
/// The status rows this process wrote or loaded last (or found absent), so the next round of an instance (usually its
/// next episode, on the same silo; the first one after the activation's load) need not read the row first. A copy is
/// only a guess: a transaction decided on it is conditional on its ETag (a stale copy fails it with 412, and a create
/// decided on a row cached as absent fails with 409; the round is then decided again on a fresh read), and a refusal
/// decided on it is decided again on a fresh read before it is answered. Bounded: when full, it starts over.
/// </summary>
internal sealed class StatusCache
{
    private const int Capacity = 4096;
    private readonly ConcurrentDictionary<string, StatusRow?> _rows = new(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="instanceId"/> is cached: <paramref name="row"/> is then a copy of its status row, or <c>null</c> when it was absent.</summary>
    public bool TryGet(string instanceId, out StatusRow? row)
    {
        if (_rows.TryGetValue(instanceId, out var cached))
        {
            row = cached?.Clone();
            return true;
        }

        row = null;
        return false;
    }

    /// <summary>
    /// Keeps the status row a transaction just wrote (<paramref name="entity"/>, now at <paramref name="etag"/>); not the row
    /// of a finished instance with nothing left to send, which is rarely written again (so the cache holds the instances
    /// that run and does not fill up with finished ones).
    /// </summary>
    public void Keep(StatusRow written, TableEntity entity, ETag? etag)
    {
        if (etag is not { } committed || (written.Record.Status.IsTerminal() && written.Outbox.IsEmpty))
        {
            _rows.TryRemove(written.InstanceId, out _);
            return;
        }

        entity.ETag = committed;
        var row = written.Clone();
        row.Stored = entity;
        row.ETag = committed;
        Put(written.InstanceId, row);
    }

    /// <summary>Keeps the status row of <paramref name="instanceId"/> as just read (<c>null</c>: absent).</summary>
    public void KeepRead(string instanceId, StatusRow? read) => Put(instanceId, read?.Clone());

    /// <summary>Forgets the row of <paramref name="instanceId"/>.</summary>
    public void Forget(string instanceId) => _rows.TryRemove(instanceId, out _);

    /// <summary>Stores <paramref name="row"/> as its stored form: payloads stay in <see cref="StatusRow.Stored"/> (inline or in their blobs).</summary>
    private void Put(string instanceId, StatusRow? row)
    {
        if (_rows.Count >= Capacity)
        {
            _rows.Clear();
        }

        if (row is not null)
        {
            row.PayloadsReplaced = false;
            row.Record = row.Record with { Input = null, Output = null, CustomStatus = null, EngineState = null };
        }

        _rows[instanceId] = row;
    }
}
