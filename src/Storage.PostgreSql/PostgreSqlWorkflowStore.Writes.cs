using Npgsql;
using NpgsqlTypes;
using static OrleansWorkflows.Storage.PostgreSql.PostgreSqlCommands;

namespace OrleansWorkflows.Storage.PostgreSql;

public sealed partial class PostgreSqlWorkflowStore
{
    /// <inheritdoc />
    public async Task<long> CommitAsync(InstanceCommit commit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commit);
        var id = commit.Record.InstanceId;
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        long stored = 0, historyCount = 0, lastInbox = 0;
        await using (var select = connection.Command("SELECT version, history_count, last_inbox_id FROM ow_instances WHERE instance_id = @id FOR UPDATE", ("id", id)))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                (stored, historyCount, lastInbox) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
            }
        }

        if (stored != commit.ExpectedVersion)
        {
            throw new ConcurrencyException($"Instance '{id}' is at version {stored}, not {commit.ExpectedVersion}.");
        }

        if (stored != 0 && !commit.ReplaceHistory && historyCount != commit.HistoryCountBefore)
        {
            throw new ConcurrencyException($"Instance '{id}' has {historyCount} history events, not {commit.HistoryCountBefore}.");
        }

        await using var batch = new NpgsqlBatch(connection, transaction);
        if (commit.ReplaceHistory)
        {
            // A new execution: the previous execution's events are dropped (the only rewrite, once per execution).
            batch.BatchCommands.Add(BatchCommand("DELETE FROM ow_history WHERE instance_id = @id", ("id", id)));
            historyCount = 0;
        }

        AddEpisodeCommands(batch, commit, historyCount, lastInbox);
        historyCount += commit.AppendHistory.Count;
        lastInbox += commit.AddInbox.Count;
        batch.BatchCommands.Add(RecordCommand(commit.Record, stored, historyCount, lastInbox));
        try
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation && stored == 0)
        {
            throw new ConcurrencyException($"Instance '{id}' was created by another writer.", ex);
        }

        return stored + 1;
    }

    /// <inheritdoc />
    public async Task<InboxAppend> AppendInboxAsync(string instanceId, string messageJson, string? sender, long sequence, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await connection.ScalarAsync(
                "UPDATE ow_instances SET last_inbox_id = last_inbox_id + 1 WHERE instance_id = @id RETURNING last_inbox_id",
                cancellationToken,
                ("id", instanceId)) is not long entryId)
        {
            return new InboxAppend(InboxAppendResult.NotFound, 0);
        }

        var inserted = await connection.ExecuteAsync(
            """
            INSERT INTO ow_inbox (instance_id, id, message, sender, sequence) VALUES (@id, @entry, @message, @sender, @seq)
            ON CONFLICT (instance_id, sender, sequence) WHERE sender IS NOT NULL DO NOTHING
            """,
            cancellationToken,
            ("id", instanceId),
            ("entry", entryId),
            ("message", messageJson),
            ("sender", sender),
            ("seq", sequence));
        if (inserted == 0)
        {
            return new InboxAppend(InboxAppendResult.Duplicate, 0);
        }

        await transaction.CommitAsync(cancellationToken);
        return new InboxAppend(InboxAppendResult.Appended, entryId);
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
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                BatchCommand(
                    """
                    WITH purged AS (DELETE FROM ow_instances WHERE instance_id = @id AND version = @version RETURNING instance_id),
                         h AS (DELETE FROM ow_history WHERE instance_id IN (SELECT instance_id FROM purged)),
                         i AS (DELETE FROM ow_inbox WHERE instance_id IN (SELECT instance_id FROM purged)),
                         o AS (DELETE FROM ow_outbox WHERE instance_id IN (SELECT instance_id FROM purged))
                    SELECT count(*) FROM purged
                    """,
                    ("id", instanceId),
                    ("version", expectedVersion)),
            },
        };
        return await batch.ExecuteScalarAsync(cancellationToken) is long count && count == 1;
    }

    private static void AddEpisodeCommands(NpgsqlBatch batch, InstanceCommit commit, long historyCount, long lastInbox)
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

    private static NpgsqlBatchCommand RecordCommand(InstanceRecord record, long stored, long historyCount, long lastInbox)
    {
        var sql = stored == 0
            ? """
              INSERT INTO ow_instances (instance_id, name, name_key, execution_id, status, input, output, custom_status, parent_instance_id,
                  created_at, last_updated_at, completed_at, version, engine_state, history_count, last_inbox_id)
              VALUES (@id, @name, @nameKey, @exec, @status, @input, @output, @custom, @parent, @created, @updated, @completed, 1, @engine, @count, @inbox)
              """
            : """
              UPDATE ow_instances SET name = @name, name_key = @nameKey, execution_id = @exec, status = @status, input = @input, output = @output,
                  custom_status = @custom, parent_instance_id = @parent, created_at = @created, last_updated_at = @updated,
                  completed_at = @completed, version = version + 1, engine_state = @engine, history_count = @count, last_inbox_id = @inbox
              WHERE instance_id = @id
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
            ("inbox", lastInbox));
        command.Parameters.Add(new NpgsqlParameter<long?>("completed", NpgsqlDbType.Bigint) { TypedValue = record.CompletedAt?.Ticks });
        return command;
    }
}
