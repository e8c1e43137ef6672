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
    public Task<bool> PurgeAsync(string instanceId, long expectedVersion, CancellationToken cancellationToken = default) =>
        PurgeCoreAsync(instanceId, expectedVersion, null, default, cancellationToken);

    /// <inheritdoc />
    public Task<bool> PurgeAsync(string instanceId, long expectedVersion, string requestId, DateTime requestedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requestId);
        return PurgeCoreAsync(instanceId, expectedVersion, requestId, requestedAt, cancellationToken);
    }

    private async Task<bool> PurgeCoreAsync(string instanceId, long expectedVersion, string? requestId, DateTime requestedAt, CancellationToken cancellationToken)
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

        if (requestId is not null)
        {
            batch.BatchCommands.Add(BatchCommand(
                "INSERT INTO ow_requests (instance_id, request_id, received_at) VALUES (@id, @request, @at)",
                ("id", instanceId), ("request", requestId), ("at", requestedAt.Ticks)));
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private static readonly string WakeAt = SqlInstanceFilter.WakeAtValue("ow_inbox", '@');

    private static void AddWakeParameters(NpgsqlParameterCollection parameters, DateTime? wakeAt, long inboxSeenUpTo)
    {
        parameters.Add(new NpgsqlParameter<long?>("wake", NpgsqlDbType.Bigint) { TypedValue = wakeAt?.Ticks });
        parameters.Add(new NpgsqlParameter<long>("seen", NpgsqlDbType.Bigint) { TypedValue = inboxSeenUpTo });
        parameters.Add(new NpgsqlParameter<long>("dueAtOnce", NpgsqlDbType.Bigint) { TypedValue = InstanceRecord.DueAtOnce.Ticks });
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> FindDueWakeUpsAsync(DateTime dueBy, int max, CancellationToken cancellationToken = default)
    {
        StoreRules.CheckDuePageSize(max);
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
    public async Task<IReadOnlyList<DueWakeUp>> FindDueWakeUpsAsync(DateTime dueBy, DueWakeUp? after, int max, CancellationToken cancellationToken = default)
    {
        StoreRules.CheckDuePageSize(max);
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            $"SELECT instance_id, wake_at FROM ow_instances WHERE {SqlInstanceFilter.DueWakeUpsCondition('@', after is not null)} ORDER BY wake_at, instance_id LIMIT @max",
            ("due", dueBy.Ticks),
            ("max", max));
        if (after is { } cursor)
        {
            command.Parameters.AddWithValue("afterAt", cursor.WakeAt.Ticks);
            command.Parameters.AddWithValue("afterId", cursor.InstanceId);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var due = new List<DueWakeUp>();
        while (await reader.ReadAsync(cancellationToken))
        {
            due.Add(new DueWakeUp(reader.GetString(0), new DateTime(reader.GetInt64(1), DateTimeKind.Utc)));
        }

        return due;
    }

    /// <inheritdoc />
    public async Task<bool> SetWakeUpAsync(string instanceId, long expectedVersion, DateTime? wakeAt, long inboxSeenUpTo, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            $"UPDATE ow_instances SET wake_at = {WakeAt} WHERE instance_id = @id AND version = @version",
            ("id", instanceId),
            ("version", expectedVersion));
        AddWakeParameters(command.Parameters, wakeAt, inboxSeenUpTo);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }
}
