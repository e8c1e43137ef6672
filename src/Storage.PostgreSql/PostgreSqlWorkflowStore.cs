using Npgsql;

namespace OrleansWorkflows.Storage.PostgreSql;

/// <summary>
/// The workflow store on PostgreSQL: <c>ow_instances</c> (indexed for queries), append-only <c>ow_history</c> keyed
/// (instance, seq), <c>ow_inbox</c>, <c>ow_outbox</c>, <c>ow_requests</c> (client request ids in the deduplication window). Commits and inbox appends go through a
/// <see cref="PostgreSqlWriter"/> (group commit): the writes waiting are applied together in one transaction, each
/// checked against its instance row (locked with <c>SELECT ... FOR UPDATE</c>), so one conflict fails one write. An
/// episode writes its new history rows and one instance row; earlier history of the execution is never rewritten.
/// </summary>
public sealed partial class PostgreSqlWorkflowStore : IWorkflowStore, IAsyncDisposable
{
    private readonly PostgreSqlDatabase _database;
    private readonly PostgreSqlWriter _writer;

    /// <summary>Creates the store over <paramref name="database"/>.</summary>
    /// <param name="database">The database (shared with reminders and membership).</param>
    public PostgreSqlWorkflowStore(PostgreSqlDatabase database)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
        _writer = new PostgreSqlWriter(database, database.Options.WriterConcurrency, database.Options.MaxWritesPerBatch);
    }

    /// <summary>The number of write transactions committed by this store (for tests and diagnostics).</summary>
    public long WriteTransactions => _writer.Transactions;

    /// <summary>Stops taking writes; completes once the writes already queued are committed or failed.</summary>
    public ValueTask DisposeAsync() => _writer.DisposeAsync();

    /// <inheritdoc />
    public async Task<InstanceSnapshot?> LoadAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        var record = await ReadRecordAsync(connection, instanceId, cancellationToken);
        if (record is null)
        {
            return null;
        }

        var history = await ReadHistoryAsync(connection, instanceId, 0, int.MaxValue, cancellationToken);
        var inbox = new List<InboxEntry>();
        await using (var command = connection.Command("SELECT id, message, sender, sequence FROM ow_inbox WHERE instance_id = @id ORDER BY id", ("id", instanceId)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                inbox.Add(new InboxEntry(reader.GetInt64(0), reader.GetString(1), reader.GetNullableString(2), reader.GetInt64(3)));
            }
        }

        var outbox = new List<OutboxEntry>();
        await using (var command = connection.Command("SELECT id, receiver, message FROM ow_outbox WHERE instance_id = @id ORDER BY id", ("id", instanceId)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                outbox.Add(new OutboxEntry(reader.GetInt64(0), reader.GetString(1), reader.GetString(2)));
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return new InstanceSnapshot(record, history, inbox, outbox);
    }

    /// <inheritdoc />
    public async Task<InstanceRecord?> GetRecordAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        return await ReadRecordAsync(connection, instanceId, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> ReadHistoryAsync(string instanceId, int skip = 0, int take = int.MaxValue, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfNegative(take);
        await using var connection = await _database.OpenAsync(cancellationToken);
        return await ReadHistoryAsync(connection, instanceId, skip, take, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<InstancePage> QueryAsync(InstanceQuery query, CancellationToken cancellationToken = default)
    {
        StoreRules.CheckQuery(query);
        var (sql, parameters) = QueryCommand(query);
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.Command(sql, [.. parameters]);
        var page = new List<InstanceRecord>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                page.Add(SqlInstanceFilter.ReadRecord(reader));
            }
        }

        return StoreRules.TrimPage(page, query.PageSize);
    }

    /// <summary>The SELECT of one query page (one row more than the page, to know whether another follows).</summary>
    internal static (string Sql, List<(string Name, object? Value)> Parameters) QueryCommand(InstanceQuery query)
    {
        var (where, parameters) = SqlInstanceFilter.Build(query, '@');
        parameters.Add(("@limit", StoreRules.RowsToRead(query)));
        return ($"SELECT {SqlInstanceFilter.QueryColumns(query)} FROM ow_instances{where} ORDER BY created_at, instance_id LIMIT @limit", parameters);
    }

    private static async Task<InstanceRecord?> ReadRecordAsync(NpgsqlConnection connection, string instanceId, CancellationToken cancellationToken)
    {
        await using var command = connection.Command($"SELECT {SqlInstanceFilter.RecordColumns} FROM ow_instances WHERE instance_id = @id", ("id", instanceId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? SqlInstanceFilter.ReadRecord(reader) : null;
    }

    private static async Task<List<string>> ReadHistoryAsync(NpgsqlConnection connection, string instanceId, int skip, int take, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(
            "SELECT event FROM ow_history WHERE instance_id = @id AND seq >= @skip ORDER BY seq LIMIT @take",
            ("id", instanceId),
            ("skip", (long)skip),
            ("take", (long)take));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var events = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(reader.GetString(0));
        }

        return events;
    }
}
