using Npgsql;

namespace OrleansWorkflows.Storage.PostgreSql;

/// <summary>
/// The Orleans membership table of one cluster (<c>ow_membership</c> rows and the <c>ow_membership_version</c> row,
/// keyed by cluster id). Insert and update succeed only when the given table version is the next one after the stored
/// version with the same ETag (and, for an update, the row's ETag matches); both the version row and the silo row are
/// changed in one transaction under new ETags. A heartbeat changes neither ETag nor version.
/// </summary>
public sealed class PostgreSqlMembershipTable : MembershipTableBase
{
    private readonly PostgreSqlDatabase _database;
    private readonly string _clusterId;

    /// <summary>Creates the table of cluster <paramref name="clusterId"/>.</summary>
    /// <param name="database">The database.</param>
    /// <param name="clusterId">The cluster id (Orleans' <c>ClusterOptions.ClusterId</c>).</param>
    public PostgreSqlMembershipTable(PostgreSqlDatabase database, string clusterId)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
        _clusterId = clusterId ?? throw new ArgumentNullException(nameof(clusterId));
    }

    /// <inheritdoc />
    public override async Task InitializeMembershipTableAsync(bool tryInitTableVersion, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        if (tryInitTableVersion)
        {
            await connection.ExecuteAsync(
                "INSERT INTO ow_membership_version (cluster_id, version, etag) VALUES (@cluster, 0, @etag) ON CONFLICT DO NOTHING",
                cancellationToken,
                ("cluster", _clusterId),
                ("etag", NewETag()));
        }
    }

    /// <summary>Deletes every row of <paramref name="clusterId"/> and resets its table version to 0.</summary>
    /// <param name="clusterId">The cluster.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public override async Task DeleteMembershipTableEntriesAsync(string clusterId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync("DELETE FROM ow_membership WHERE cluster_id = @cluster", cancellationToken, ("cluster", clusterId));
        await connection.ExecuteAsync(
            """
            INSERT INTO ow_membership_version (cluster_id, version, etag) VALUES (@cluster, 0, @etag)
            ON CONFLICT (cluster_id) DO UPDATE SET version = 0, etag = excluded.etag
            """,
            cancellationToken,
            ("cluster", clusterId),
            ("etag", NewETag()));
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Deletes rows of silos not active whose latest start, heartbeat or suspicion is before <paramref name="beforeDate"/>.</summary>
    /// <param name="beforeDate">The cut-off.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public override async Task CleanupDefunctSiloEntriesAsync(DateTimeOffset beforeDate, CancellationToken cancellationToken = default)
    {
        var defunct = (await ReadAsync(null, cancellationToken)).Members
            .Where(m => m.Item1.Status != SiloStatus.Active && MembershipRow.LastUpdate(m.Item1) < beforeDate.UtcDateTime)
            .Select(m => m.Item1.SiloAddress.ToParsableString())
            .ToArray();
        if (defunct.Length > 0)
        {
            await using var connection = await _database.OpenAsync(cancellationToken);
            await connection.ExecuteAsync(
                "DELETE FROM ow_membership WHERE cluster_id = @cluster AND address = ANY(@addresses) AND status <> @active",
                cancellationToken,
                ("cluster", _clusterId),
                ("addresses", defunct),
                ("active", (int)SiloStatus.Active));
        }
    }

    /// <inheritdoc />
    public override Task<MembershipTableData> ReadRowAsync(SiloAddress key, CancellationToken cancellationToken = default) =>
        ReadAsync(key ?? throw new ArgumentNullException(nameof(key)), cancellationToken);

    /// <inheritdoc />
    public override Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken = default) => ReadAsync(null, cancellationToken);

    /// <inheritdoc />
    public override async Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion tableVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(tableVersion);
        return await WriteAsync(tableVersion, cancellationToken, (connection, etag) => connection.ExecuteAsync(
            """
            INSERT INTO ow_membership (cluster_id, address, status, entry, i_am_alive, etag) VALUES (@cluster, @address, @status, @entry, @alive, @etag)
            ON CONFLICT DO NOTHING
            """,
            cancellationToken,
            ("cluster", _clusterId),
            ("address", entry.SiloAddress.ToParsableString()),
            ("status", (int)entry.Status),
            ("entry", MembershipRow.ToJson(entry)),
            ("alive", entry.IAmAliveTime.Ticks),
            ("etag", etag)));
    }

    /// <inheritdoc />
    public override async Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, TableVersion tableVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(tableVersion);
        return await WriteAsync(tableVersion, cancellationToken, (connection, newETag) => connection.ExecuteAsync(
            """
            UPDATE ow_membership SET status = @status, entry = @entry, i_am_alive = @alive, etag = @newEtag
            WHERE cluster_id = @cluster AND address = @address AND etag = @etag
            """,
            cancellationToken,
            ("cluster", _clusterId),
            ("address", entry.SiloAddress.ToParsableString()),
            ("status", (int)entry.Status),
            ("entry", MembershipRow.ToJson(entry)),
            ("alive", entry.IAmAliveTime.Ticks),
            ("newEtag", newETag),
            ("etag", etag)));
    }

    /// <inheritdoc />
    public override async Task UpdateIAmAliveAsync(MembershipEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var connection = await _database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            "UPDATE ow_membership SET i_am_alive = @alive WHERE cluster_id = @cluster AND address = @address",
            cancellationToken,
            ("cluster", _clusterId),
            ("address", entry.SiloAddress.ToParsableString()),
            ("alive", entry.IAmAliveTime.Ticks));
    }

    private static string NewETag() => Guid.NewGuid().ToString("N");

    /// <summary>Advances the table version (conditional on number and ETag) and writes the row in one transaction.</summary>
    private async Task<bool> WriteAsync(TableVersion next, CancellationToken cancellationToken, Func<NpgsqlConnection, string, Task<int>> writeRow)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var advanced = await connection.ExecuteAsync(
            "UPDATE ow_membership_version SET version = @next, etag = @newEtag WHERE cluster_id = @cluster AND version = @current AND etag = @etag",
            cancellationToken,
            ("cluster", _clusterId),
            ("next", (long)next.Version),
            ("current", (long)next.Version - 1),
            ("etag", next.VersionEtag ?? string.Empty),
            ("newEtag", NewETag()));
        if (advanced != 1 || await writeRow(connection, NewETag()) != 1)
        {
            return false;
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private async Task<MembershipTableData> ReadAsync(SiloAddress? key, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        var version = new TableVersion(0, string.Empty);
        await using (var command = connection.Command("SELECT version, etag FROM ow_membership_version WHERE cluster_id = @cluster", ("cluster", _clusterId)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                version = new TableVersion((int)reader.GetInt64(0), reader.GetString(1));
            }
        }

        var rows = new List<Tuple<MembershipEntry, string>>();
        var sql = "SELECT entry, i_am_alive, etag FROM ow_membership WHERE cluster_id = @cluster" + (key is null ? string.Empty : " AND address = @address");
        (string, object?)[] parameters = key is null ? [("cluster", _clusterId)] : [("cluster", _clusterId), ("address", key.ToParsableString())];
        await using (var command = connection.Command(sql, parameters))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(Tuple.Create(MembershipRow.FromJson(reader.GetString(0), reader.GetInt64(1)), reader.GetString(2)));
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return new MembershipTableData(rows, version);
    }
}
