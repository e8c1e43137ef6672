using Microsoft.Data.Sqlite;

namespace OrleansWorkflows.Storage.Sqlite;

/// <summary>
/// The workflow store on a SQLite file (WAL): an instances table indexed for queries, an append-only history table
/// keyed (instance, seq), inbox and outbox tables, and the client request ids received (requests, for the
/// deduplication window). Reads use pooled connections and see one consistent snapshot;
/// every write goes through the database's <see cref="SqliteWriter"/> (one savepoint per write, many writes per
/// transaction; inbox appends waiting are coalesced into one write by <see cref="SqliteInboxAppender"/>). An episode
/// writes its new history rows and one instance row, never earlier history.
/// </summary>
public sealed partial class SqliteWorkflowStore : IWorkflowStore
{
    private readonly SqliteDatabase _database;
    private readonly SqliteInboxAppender _inbox;

    /// <summary>Creates the store over <paramref name="database"/>.</summary>
    /// <param name="database">The database (shared with the reminder table).</param>
    public SqliteWorkflowStore(SqliteDatabase database)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
        _inbox = new SqliteInboxAppender(database);
    }

    /// <inheritdoc />
    public Task<InstanceSnapshot?> LoadAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        using var connection = _database.OpenRead();
        using var transaction = connection.BeginTransaction(deferred: true);
        var record = ReadRecord(connection, transaction, instanceId);
        if (record is null)
        {
            return Task.FromResult<InstanceSnapshot?>(null);
        }

        var history = ReadHistory(connection, transaction, instanceId, 0, int.MaxValue);
        var inbox = new List<InboxEntry>();
        using (var command = connection.Command(transaction, "SELECT id, message, sender, sequence FROM inbox WHERE instance_id = $id ORDER BY id", ("$id", instanceId)))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                inbox.Add(new InboxEntry(reader.GetInt64(0), reader.GetString(1), reader.GetNullableString(2), reader.GetInt64(3)));
            }
        }

        var outbox = new List<OutboxEntry>();
        using (var command = connection.Command(transaction, "SELECT id, receiver, message FROM outbox WHERE instance_id = $id ORDER BY id", ("$id", instanceId)))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                outbox.Add(new OutboxEntry(reader.GetInt64(0), reader.GetString(1), reader.GetString(2)));
            }
        }

        transaction.Commit();
        return Task.FromResult<InstanceSnapshot?>(new InstanceSnapshot(record, history, inbox, outbox));
    }

    /// <inheritdoc />
    public Task<InstanceRecord?> GetRecordAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        using var connection = _database.OpenRead();
        return Task.FromResult(ReadRecord(connection, null, instanceId));
    }

    /// <inheritdoc />
    public Task<bool> HasRequestAsync(string instanceId, string requestId, CancellationToken cancellationToken = default)
    {
        using var connection = _database.OpenRead();
        return Task.FromResult(connection.Scalar(
            null, "SELECT 1 FROM requests WHERE instance_id = $id AND request_id = $request", ("$id", instanceId), ("$request", requestId)) is not null);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> FindDueWakeUpsAsync(DateTime dueBy, int max, CancellationToken cancellationToken = default)
    {
        StoreRules.CheckDuePageSize(max);
        using var connection = _database.OpenRead();
        using var command = connection.Command(
            null,
            "SELECT instance_id FROM instances WHERE wake_at <= $due ORDER BY wake_at, instance_id LIMIT $max",
            ("$due", dueBy.Ticks),
            ("$max", max));
        using var reader = command.ExecuteReader();
        var due = new List<string>();
        while (reader.Read())
        {
            due.Add(reader.GetString(0));
        }

        return Task.FromResult<IReadOnlyList<string>>(due);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<DueWakeUp>> FindDueWakeUpsAsync(DateTime dueBy, DueWakeUp? after, int max, CancellationToken cancellationToken = default)
    {
        StoreRules.CheckDuePageSize(max);
        using var connection = _database.OpenRead();
        using var command = connection.Command(
            null,
            $"SELECT instance_id, wake_at FROM instances WHERE {SqlInstanceFilter.DueWakeUpsCondition('$', after is not null)} ORDER BY wake_at, instance_id LIMIT $max",
            ("$due", dueBy.Ticks),
            ("$afterAt", after?.WakeAt.Ticks),
            ("$afterId", after?.InstanceId),
            ("$max", max));
        using var reader = command.ExecuteReader();
        var due = new List<DueWakeUp>();
        while (reader.Read())
        {
            due.Add(new DueWakeUp(reader.GetString(0), new DateTime(reader.GetInt64(1), DateTimeKind.Utc)));
        }

        return Task.FromResult<IReadOnlyList<DueWakeUp>>(due);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ReadHistoryAsync(string instanceId, int skip = 0, int take = int.MaxValue, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfNegative(take);
        using var connection = _database.OpenRead();
        return Task.FromResult<IReadOnlyList<string>>(ReadHistory(connection, null, instanceId, skip, take));
    }

    /// <inheritdoc />
    public Task<InstancePage> QueryAsync(InstanceQuery query, CancellationToken cancellationToken = default)
    {
        StoreRules.CheckQuery(query);
        var (sql, parameters) = QueryCommand(query);
        using var connection = _database.OpenRead();
        using var command = connection.Command(null, sql, [.. parameters]);
        var page = new List<InstanceRecord>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                page.Add(SqlInstanceFilter.ReadRecord(reader));
            }
        }

        return Task.FromResult(StoreRules.TrimPage(page, query.PageSize));
    }

    /// <summary>The SELECT of one query page (one row more than the page, to know whether another follows).</summary>
    internal static (string Sql, List<(string Name, object? Value)> Parameters) QueryCommand(InstanceQuery query)
    {
        var (where, parameters) = SqlInstanceFilter.Build(query, '$');
        parameters.Add(("$limit", StoreRules.RowsToRead(query)));
        return ($"SELECT {SqlInstanceFilter.QueryColumns(query)} FROM instances{where} ORDER BY created_at, instance_id LIMIT $limit", parameters);
    }

    private static InstanceRecord? ReadRecord(SqliteConnection connection, SqliteTransaction? transaction, string instanceId)
    {
        using var command = connection.Command(transaction, $"SELECT {SqlInstanceFilter.RecordColumns} FROM instances WHERE instance_id = $id", ("$id", instanceId));
        using var reader = command.ExecuteReader();
        return reader.Read() ? SqlInstanceFilter.ReadRecord(reader) : null;
    }

    private static List<string> ReadHistory(SqliteConnection connection, SqliteTransaction? transaction, string instanceId, int skip, int take)
    {
        using var command = connection.Command(
            transaction,
            "SELECT event FROM history WHERE instance_id = $id AND seq >= $skip ORDER BY seq LIMIT $take",
            ("$id", instanceId),
            ("$skip", skip),
            ("$take", take));
        using var reader = command.ExecuteReader();
        var events = new List<string>();
        while (reader.Read())
        {
            events.Add(reader.GetString(0));
        }

        return events;
    }
}
