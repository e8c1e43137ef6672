using Microsoft.Data.Sqlite;

namespace OrleansWorkflows.Storage.Sqlite;

/// <summary>
/// Orleans reminders in the workflow store's SQLite file (table <c>reminders</c>, keyed by grain and name, indexed by
/// the grain's uniform hash for ring-range reads). Every upsert stores a new ETag; removal is conditional on it.
/// </summary>
public sealed class SqliteReminderTable : IReminderTable
{
    private const string Columns = "grain_id, name, start_at, period, etag";
    private readonly SqliteDatabase _database;

    /// <summary>Creates the table over <paramref name="database"/>.</summary>
    /// <param name="database">The database (shared with the workflow store).</param>
    public SqliteReminderTable(SqliteDatabase database)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
    }

    /// <inheritdoc />
    public Task<ReminderTableData> ReadRows(GrainId grainId) =>
        Task.FromResult(new ReminderTableData(Read($"SELECT {Columns} FROM reminders WHERE grain_id = $grain", ("$grain", grainId.ToString()))));

    /// <inheritdoc />
    public Task<ReminderTableData> ReadRows(uint begin, uint end)
    {
        var condition = begin < end ? "grain_hash > $begin AND grain_hash <= $end" : "(grain_hash > $begin OR grain_hash <= $end)";
        return Task.FromResult(new ReminderTableData(Read($"SELECT {Columns} FROM reminders WHERE {condition}", ("$begin", (long)begin), ("$end", (long)end))));
    }

    /// <inheritdoc />
    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) =>
        Task.FromResult(Read($"SELECT {Columns} FROM reminders WHERE grain_id = $grain AND name = $name", ("$grain", grainId.ToString()), ("$name", reminderName))
            .FirstOrDefault());

    /// <inheritdoc />
    public Task<string?> UpsertRow(ReminderEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var etag = Guid.NewGuid().ToString("N");
        return _database.Writer.WriteAsync<string?>((connection, transaction) =>
        {
            connection.Execute(
                transaction,
                """
                INSERT INTO reminders (grain_id, name, grain_hash, start_at, period, etag) VALUES ($grain, $name, $hash, $start, $period, $etag)
                ON CONFLICT (grain_id, name) DO UPDATE SET start_at = excluded.start_at, period = excluded.period, etag = excluded.etag
                """,
                ("$grain", entry.GrainId.ToString()),
                ("$name", entry.ReminderName),
                ("$hash", (long)entry.GrainId.GetUniformHashCode()),
                ("$start", entry.StartAt.ToUniversalTime().Ticks),
                ("$period", entry.Period.Ticks),
                ("$etag", etag));
            return etag;
        });
    }

    /// <inheritdoc />
    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) =>
        _database.Writer.WriteAsync((connection, transaction) => connection.Execute(
            transaction,
            "DELETE FROM reminders WHERE grain_id = $grain AND name = $name AND etag = $etag",
            ("$grain", grainId.ToString()),
            ("$name", reminderName),
            ("$etag", eTag)) == 1);

    /// <inheritdoc />
    public Task TestOnlyClearTable() =>
        _database.Writer.WriteAsync((connection, transaction) => connection.Execute(transaction, "DELETE FROM reminders"));

    private List<ReminderEntry> Read(string sql, params (string Name, object? Value)[] parameters)
    {
        using var connection = _database.OpenRead();
        using var command = connection.Command(null, sql, parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<ReminderEntry>();
        while (reader.Read())
        {
            rows.Add(ReadEntry(reader));
        }

        return rows;
    }

    private static ReminderEntry ReadEntry(SqliteDataReader reader) => new()
    {
        GrainId = GrainId.Parse(reader.GetString(0)),
        ReminderName = reader.GetString(1),
        StartAt = new DateTime(reader.GetInt64(2), DateTimeKind.Utc),
        Period = TimeSpan.FromTicks(reader.GetInt64(3)),
        ETag = reader.GetString(4),
    };
}
