using Npgsql;
using NpgsqlTypes;
using static OrleansWorkflows.Storage.PostgreSql.PostgreSqlCommands;

namespace OrleansWorkflows.Storage.PostgreSql;

public sealed partial class PostgreSqlWorkflowStore
{
    /// <inheritdoc />
    public Task<long> CommitAsync(InstanceCommit commit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commit);
        cancellationToken.ThrowIfCancellationRequested();
        var write = new PendingCommit(commit);
        _writer.Enqueue(write);
        return write.Task;
    }

    /// <inheritdoc />
    public Task<InboxAppend> AppendInboxAsync(string instanceId, string messageJson, string? sender, long sequence, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        ArgumentNullException.ThrowIfNull(messageJson);
        cancellationToken.ThrowIfCancellationRequested();
        var write = new PendingAppend(instanceId, messageJson, sender, sequence);
        _writer.Enqueue(write);
        return write.Task;
    }

    /// <inheritdoc />
    public Task<InboxAppend> AppendRequestAsync(string instanceId, string messageJson, string requestId, DateTime receivedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        ArgumentNullException.ThrowIfNull(messageJson);
        ArgumentNullException.ThrowIfNull(requestId);
        cancellationToken.ThrowIfCancellationRequested();
        var write = new PendingAppend(instanceId, messageJson, null, 0) { RequestId = requestId, ReceivedAt = receivedAt };
        _writer.Enqueue(write);
        return write.Task;
    }

    /// <inheritdoc />
    public async Task<bool> HasRequestAsync(string instanceId, string requestId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        return await connection.ScalarAsync(
            "SELECT 1 FROM ow_requests WHERE instance_id = @id AND request_id = @request", cancellationToken, ("id", instanceId), ("request", requestId)) is not null;
    }

    /// <inheritdoc />
    public async Task<int> PruneRequestsAsync(DateTime receivedBefore, int max, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        await using var connection = await _database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(
            """
            DELETE FROM ow_requests WHERE (instance_id, request_id) IN (
                SELECT instance_id, request_id FROM ow_requests WHERE received_at < @before ORDER BY received_at LIMIT @max)
            """,
            cancellationToken,
            ("before", receivedBefore.Ticks),
            ("max", max));
    }

    /// <inheritdoc />
    public async Task RemoveOutboxAsync(string instanceId, IReadOnlyCollection<long> outboxIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outboxIds);
        if (outboxIds.Count > 0)
        {
            await using var connection = await _database.OpenAsync(cancellationToken);
            await connection.ExecuteAsync(
                "DELETE FROM ow_outbox WHERE instance_id = @id AND id = ANY(@ids)", cancellationToken, ("id", instanceId), ("ids", outboxIds.ToArray()));
        }
    }

    /// <inheritdoc />
    public async Task<bool> PurgeAsync(string instanceId, long expectedVersion, CancellationToken cancellationToken = default)
    {
        // The instance row is locked first, in a statement of its own: a group commit appending to the instance holds
        // that lock, and the deletes that follow (each statement sees what committed before it) then include its rows.
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var locked = await connection.ScalarAsync(
            "SELECT 1 FROM ow_instances WHERE instance_id = @id AND version = @version FOR UPDATE", cancellationToken, ("id", instanceId), ("version", expectedVersion));
        if (locked is null)
        {
            return false;
        }

        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var table in new[] { "ow_history", "ow_inbox", "ow_outbox", "ow_requests", "ow_instances" })
        {
            batch.BatchCommands.Add(BatchCommand($"DELETE FROM {table} WHERE instance_id = @id", ("id", instanceId)));
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    internal static void AddEpisodeCommands(NpgsqlBatch batch, InstanceCommit commit, long historyCount, long lastInbox)
    {
        var id = commit.Record.InstanceId;
        if (commit.AppendHistory.Count > 0)
        {
            batch.BatchCommands.Add(BatchCommand(
                "INSERT INTO ow_history (instance_id, seq, event) SELECT @id, @start + n - 1, e FROM unnest(@events) WITH ORDINALITY AS t(e, n)",
                ("id", id),
                ("start", historyCount),
                ("events", commit.AppendHistory.ToArray())));
        }

        if (commit.ConsumedInbox.Count > 0)
        {
            batch.BatchCommands.Add(BatchCommand("DELETE FROM ow_inbox WHERE instance_id = @id AND id = ANY(@ids)", ("id", id), ("ids", commit.ConsumedInbox.ToArray())));
        }

        if (commit.AddInbox.Count > 0)
        {
            batch.BatchCommands.Add(BatchCommand(
                "INSERT INTO ow_inbox (instance_id, id, message, sender, sequence) SELECT @id, @last + n, m, NULL, 0 FROM unnest(@messages) WITH ORDINALITY AS t(m, n)",
                ("id", id),
                ("last", lastInbox),
                ("messages", commit.AddInbox.ToArray())));
        }

        if (commit.RemoveOutbox.Count > 0)
        {
            batch.BatchCommands.Add(BatchCommand("DELETE FROM ow_outbox WHERE instance_id = @id AND id = ANY(@ids)", ("id", id), ("ids", commit.RemoveOutbox.ToArray())));
        }

        if (commit.AddOutbox.Count > 0)
        {
            batch.BatchCommands.Add(BatchCommand(
                """
                INSERT INTO ow_outbox (instance_id, id, receiver, message) SELECT @id, e, r, m FROM unnest(@ids, @receivers, @messages) AS t(e, r, m)
                ON CONFLICT (instance_id, id) DO UPDATE SET receiver = excluded.receiver, message = excluded.message
                """,
                ("id", id),
                ("ids", commit.AddOutbox.Select(e => e.Id).ToArray()),
                ("receivers", commit.AddOutbox.Select(e => e.Receiver).ToArray()),
                ("messages", commit.AddOutbox.Select(e => e.MessageJson).ToArray())));
        }
    }

    internal static NpgsqlBatchCommand RecordCommand(InstanceRecord record, long stored, long historyCount, long lastInbox)
    {
        var sql = stored == 0
            ? $"""
              INSERT INTO ow_instances (instance_id, name, name_key, execution_id, status, input, output, custom_status, parent_instance_id,
                  created_at, last_updated_at, completed_at, version, engine_state, history_count, last_inbox_id, wake_at)
              VALUES (@id, @name, @nameKey, @exec, @status, @input, @output, @custom, @parent, @created, @updated, @completed, 1, @engine, @count, @inbox,
                  {WakeAt})
              """
            : $"""
              UPDATE ow_instances SET name = @name, name_key = @nameKey, execution_id = @exec, status = @status, input = @input, output = @output,
                  custom_status = @custom, parent_instance_id = @parent, created_at = @created, last_updated_at = @updated,
                  completed_at = @completed, version = version + 1, engine_state = @engine, history_count = @count, last_inbox_id = @inbox,
                  wake_at = {WakeAt}
              WHERE instance_id = @id AND version = @expected
              """;
        var command = BatchCommand(
            sql,
            ("id", record.InstanceId),
            ("name", record.Name),
            ("nameKey", SqlInstanceFilter.NameKey(record.Name)),
            ("exec", record.ExecutionId),
            ("status", (int)record.Status),
            ("input", record.Input),
            ("output", record.Output),
            ("custom", record.CustomStatus),
            ("parent", record.ParentInstanceId),
            ("created", record.CreatedAt.Ticks),
            ("updated", record.LastUpdatedAt.Ticks),
            ("engine", record.EngineState),
            ("count", historyCount),
            ("inbox", lastInbox),
            ("expected", stored));
        command.Parameters.Add(new NpgsqlParameter<long?>("completed", NpgsqlDbType.Bigint) { TypedValue = record.CompletedAt?.Ticks });
        AddWakeParameters(command.Parameters, record.WakeAt);
        return command;
    }

    private static readonly string WakeAt = SqlInstanceFilter.WakeAtValue("ow_inbox", '@');

    private static void AddWakeParameters(NpgsqlParameterCollection parameters, DateTime? wakeAt)
    {
        parameters.Add(new NpgsqlParameter<long?>("wake", NpgsqlDbType.Bigint) { TypedValue = wakeAt?.Ticks });
        parameters.Add(new NpgsqlParameter<long>("dueAtOnce", NpgsqlDbType.Bigint) { TypedValue = InstanceRecord.DueAtOnce.Ticks });
    }

    /// <inheritdoc />
    public bool SupportsWakeUps => true;

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> FindDueWakeUpsAsync(DateTime dueBy, int max, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            "SELECT instance_id FROM ow_instances WHERE wake_at <= @due ORDER BY wake_at, instance_id LIMIT @max",
            ("due", dueBy.Ticks),
            ("max", max));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var due = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            due.Add(reader.GetString(0));
        }

        return due;
    }

    /// <inheritdoc />
    public async Task<bool> SetWakeUpAsync(string instanceId, long expectedVersion, DateTime? wakeAt, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            $"UPDATE ow_instances SET wake_at = {WakeAt} WHERE instance_id = @id AND version = @version",
            ("id", instanceId),
            ("version", expectedVersion));
        AddWakeParameters(command.Parameters, wakeAt);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }
}
