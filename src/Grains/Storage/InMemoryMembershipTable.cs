using System.Globalization;

namespace OrleansWorkflows.Storage;

/// <summary>
/// An Orleans membership table held in memory, for tests: unlike development clustering (a table on the primary silo),
/// one instance is shared by every silo and client of an in-process cluster, so any silo, the first one included, may
/// die. Thread-safe; rows are copied in and out.
/// </summary>
/// <remarks>
/// Follows the contract Orleans' durable tables keep. The table version starts at 0. <see cref="InsertRowAsync"/> and
/// <see cref="UpdateRowAsync"/> succeed only when the given version is the next one after the stored version (same ETag,
/// number + 1, as <see cref="TableVersion.Next"/> makes it) and, for an update, the row's ETag matches; a success stores
/// the given version under a new ETag and gives the row a new ETag. <see cref="UpdateIAmAliveAsync"/> changes only the
/// heartbeat time: neither the row's ETag nor the table version.
/// </remarks>
public sealed class InMemoryMembershipTable : MembershipTableBase
{
    private readonly Lock _lock = new();
    private readonly Dictionary<SiloAddress, (MembershipEntry Entry, string ETag)> _rows = [];
    private TableVersion _version;
    private long _lastETag;

    /// <summary>Creates an empty table at version 0.</summary>
    public InMemoryMembershipTable()
    {
        _version = new TableVersion(0, NextETag());
    }

    /// <summary>The table version: number and ETag (for tests and diagnostics).</summary>
    public TableVersion Version
    {
        get
        {
            lock (_lock)
            {
                return _version;
            }
        }
    }

    /// <inheritdoc />
    public override Task InitializeMembershipTableAsync(bool tryInitTableVersion, CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <summary>Deletes every row and resets the table version to 0 (one table holds one cluster).</summary>
    /// <param name="clusterId">The cluster id (ignored).</param>
    /// <param name="cancellationToken">Not used.</param>
    public override Task DeleteMembershipTableEntriesAsync(string clusterId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _rows.Clear();
            _version = new TableVersion(0, NextETag());
            return Task.CompletedTask;
        }
    }

    /// <summary>Deletes the rows of silos that are not active and whose latest start, heartbeat or suspicion vote is
    /// older than <paramref name="beforeDate"/>.</summary>
    /// <param name="beforeDate">The cut-off.</param>
    /// <param name="cancellationToken">Not used.</param>
    public override Task CleanupDefunctSiloEntriesAsync(DateTimeOffset beforeDate, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var defunct = _rows
                .Where(r => r.Value.Entry.Status != SiloStatus.Active && LastUpdate(r.Value.Entry) < beforeDate.UtcDateTime)
                .Select(r => r.Key)
                .ToList();
            defunct.ForEach(key => _rows.Remove(key));
            return Task.CompletedTask;
        }
    }

    /// <inheritdoc />
    public override Task<MembershipTableData> ReadRowAsync(SiloAddress key, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_rows.TryGetValue(key, out var row)
                ? new MembershipTableData(Tuple.Create(Copy(row.Entry), row.ETag), _version)
                : new MembershipTableData(_version));
        }
    }

    /// <inheritdoc />
    public override Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var rows = _rows.Values.Select(r => Tuple.Create(Copy(r.Entry), r.ETag)).ToList();
            return Task.FromResult(new MembershipTableData(rows, _version));
        }
    }

    /// <inheritdoc />
    public override Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion tableVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(tableVersion);
        lock (_lock)
        {
            if (!IsNextVersion(tableVersion) || _rows.ContainsKey(entry.SiloAddress))
            {
                return Task.FromResult(false);
            }

            Write(entry, tableVersion);
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public override Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, TableVersion tableVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(tableVersion);
        lock (_lock)
        {
            if (!IsNextVersion(tableVersion)
                || !_rows.TryGetValue(entry.SiloAddress, out var row)
                || !string.Equals(row.ETag, etag, StringComparison.Ordinal))
            {
                return Task.FromResult(false);
            }

            Write(entry, tableVersion);
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public override Task UpdateIAmAliveAsync(MembershipEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_lock)
        {
            if (_rows.TryGetValue(entry.SiloAddress, out var row))
            {
                row.Entry.IAmAliveTime = entry.IAmAliveTime;
            }

            return Task.CompletedTask;
        }
    }

    private bool IsNextVersion(TableVersion proposed) =>
        proposed.Version == _version.Version + 1 && string.Equals(proposed.VersionEtag, _version.VersionEtag, StringComparison.Ordinal);

    private void Write(MembershipEntry entry, TableVersion tableVersion)
    {
        _rows[entry.SiloAddress] = (Copy(entry), NextETag());
        _version = new TableVersion(tableVersion.Version, NextETag());
    }

    private string NextETag() => (++_lastETag).ToString(CultureInfo.InvariantCulture);

    private static DateTime LastUpdate(MembershipEntry entry)
    {
        var times = (entry.SuspectTimes ?? []).Select(v => v.Item2).Append(entry.StartTime).Append(entry.IAmAliveTime);
        return times.Select(t => DateTime.SpecifyKind(t, DateTimeKind.Utc)).Max();
    }

    private static MembershipEntry Copy(MembershipEntry entry) => new()
    {
        SiloAddress = entry.SiloAddress,
        Status = entry.Status,
        SuspectTimes = entry.SuspectTimes is null ? null : [.. entry.SuspectTimes],
        ProxyPort = entry.ProxyPort,
        HostName = entry.HostName,
        SiloName = entry.SiloName,
        RoleName = entry.RoleName,
        UpdateZone = entry.UpdateZone,
        FaultZone = entry.FaultZone,
        StartTime = entry.StartTime,
        IAmAliveTime = entry.IAmAliveTime,
    };
}
