using Microsoft.Data.Sqlite;
using Npgsql;
using OrleansWorkflows.TestSupport;

namespace OrleansWorkflows.UpgradeTests.Generator;

/// <summary>Turns a store left by the killed silo into fixture files, and lists its reminder rows.</summary>
internal static class StoreExport
{
    /// <summary>
    /// Checkpoints the WAL into the database file (the single file is then complete: no -wal or -shm left) and returns
    /// the reminder rows.
    /// </summary>
    public static IReadOnlyList<StoredReminder> CheckpointSqlite(string database)
    {
        var reminders = new List<StoredReminder>();
        using (var connection = new SqliteConnection($"Data Source={database};Pooling=False"))
        {
            connection.Open();
            using (var checkpoint = connection.CreateCommand())
            {
                checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
                using var reader = checkpoint.ExecuteReader();
                if (!reader.Read() || reader.GetInt32(0) != 0)
                {
                    throw new InvalidOperationException("The WAL checkpoint of the fixture database was blocked.");
                }
            }

            using var command = connection.CreateCommand();
            command.CommandText = "SELECT grain_id, name FROM reminders ORDER BY grain_id, name";
            using var rows = command.ExecuteReader();
            while (rows.Read())
            {
                reminders.Add(new StoredReminder(rows.GetString(0), rows.GetString(1)));
            }
        }

        foreach (var leftover in new[] { database + "-wal", database + "-shm" }.Where(File.Exists))
        {
            if (new FileInfo(leftover).Length > 0 && leftover.EndsWith("-wal", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"{leftover} still holds data after the checkpoint.");
            }
        }

        return reminders;
    }

    /// <summary>Dumps the server's <c>postgres</c> database with the distribution's <c>pg_dump</c> (plain SQL) and returns the reminder rows.</summary>
    public static async Task<IReadOnlyList<StoredReminder>> DumpPostgreSqlAsync(PostgreSqlServer server, string file)
    {
        await server.DumpAsync(file);
        var reminders = new List<StoredReminder>();
        await using var connection = new NpgsqlConnection(server.ConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT grain_id, name FROM ow_reminders ORDER BY grain_id COLLATE \"C\", name COLLATE \"C\"", connection);
        await using var rows = await command.ExecuteReaderAsync();
        while (await rows.ReadAsync())
        {
            reminders.Add(new StoredReminder(rows.GetString(0), rows.GetString(1)));
        }

        return reminders;
    }

    /// <summary>
    /// The reminder rows of an Azure Storage export: the rows of Orleans' reminder table, each naming its grain id
    /// (<c>GrainReference</c>) and reminder (<c>ReminderName</c>).
    /// </summary>
    public static IReadOnlyList<StoredReminder> AzureReminders(AzureAccountExport export)
    {
        string Property(ExportedEntity row, string name) =>
            row.Properties.FirstOrDefault(p => p.Name == name)?.Value
            ?? throw new InvalidOperationException($"The reminder row {row.PartitionKey}/{row.RowKey} has no property '{name}'.");

        return [.. (export.Table(AzureAccountExport.ReminderTable)?.Entities ?? [])
            .Select(row => new StoredReminder(Property(row, "GrainReference"), Property(row, "ReminderName")))
            .OrderBy(r => r.GrainId, StringComparer.Ordinal)
            .ThenBy(r => r.Name, StringComparer.Ordinal)];
    }
}
