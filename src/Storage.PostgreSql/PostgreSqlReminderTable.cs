using Npgsql;

namespace OrleansWorkflows.Storage.PostgreSql;

/// <summary>
/// Orleans reminders in the cluster's PostgreSQL database (<c>ow_reminders</c>, keyed by grain and name, indexed by the
/// grain's uniform hash for ring-range reads). Every upsert stores a new ETag; removal is conditional on it.
/// </summary>
public sealed class PostgreSqlReminderTable : IReminderTable
{
    private const string Columns = "grain_id, name, start_at, period, etag";
    private readonly PostgreSqlDatabase _database;

    /// <summary>Creates the table over <paramref name="database"/>.</summary>
    /// <param name="database">The database.</param>
    public PostgreSqlReminderTable(PostgreSqlDatabase database)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
    }

    /// <inheritdoc />
    public async Task<ReminderTableData> ReadRows(GrainId grainId) =>
        new(await ReadAsync($"SELECT {Columns} FROM ow_reminders WHERE grain_id = @grain", ("grain", grainId.ToString())));

    /// <inheritdoc />
    public async Task<ReminderTableData> ReadRows(uint begin, uint end)
    {
        var condition = begin < end ? "grain_hash > @begin AND grain_hash <= @end" : "(grain_hash > @begin OR grain_hash <= @end)";
        return new(await ReadAsync($"SELECT {Columns} FROM ow_reminders WHERE {condition}", ("begin", (long)begin), ("end", (long)end)));
    }

    /// <inheritdoc />
    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) =>
        (await ReadAsync($"SELECT {Columns} FROM ow_reminders WHERE grain_id = @grain AND name = @name", ("grain", grainId.ToString()), ("name", reminderName)))
            .FirstOrDefault();

    /// <inheritdoc />
    public async Task<string?> UpsertRow(ReminderEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var etag = Guid.NewGuid().ToString("N");
        await using var connection = await _database.OpenAsync();
        await connection.ExecuteAsync(
            """
            INSERT INTO ow_reminders (grain_id, name, grain_hash, start_at, period, etag) VALUES (@grain, @name, @hash, @start, @period, @etag)
            ON CONFLICT (grain_id, name) DO UPDATE SET start_at = excluded.start_at, period = excluded.period, etag = excluded.etag
            """,
            CancellationToken.None,
            ("grain", entry.GrainId.ToString()),
            ("name", entry.ReminderName),
            ("hash", (long)entry.GrainId.GetUniformHashCode()),
            ("start", entry.StartAt.ToUniversalTime().Ticks),
            ("period", entry.Period.Ticks),
            ("etag", etag));
        return etag;
    }

    /// <inheritdoc />
    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag)
    {
        await using var connection = await _database.OpenAsync();
        return await connection.ExecuteAsync(
            "DELETE FROM ow_reminders WHERE grain_id = @grain AND name = @name AND etag = @etag",
            CancellationToken.None,
            ("grain", grainId.ToString()),
            ("name", reminderName),
            ("etag", eTag)) == 1;
    }

    /// <inheritdoc />
    public async Task TestOnlyClearTable()
    {
        await using var connection = await _database.OpenAsync();
        await connection.ExecuteAsync("DELETE FROM ow_reminders", CancellationToken.None);
    }

    private async Task<List<ReminderEntry>> ReadAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await _database.OpenAsync();
        await using var command = connection.Command(sql, parameters);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<ReminderEntry>();
        while (await reader.ReadAsync())
        {
            rows.Add(new ReminderEntry
            {
                GrainId = GrainId.Parse(reader.GetString(0)),
                ReminderName = reader.GetString(1),
                StartAt = new DateTime(reader.GetInt64(2), DateTimeKind.Utc),
                Period = TimeSpan.FromTicks(reader.GetInt64(3)),
                ETag = reader.GetString(4),
            });
        }

        return rows;
    }
}
