using Microsoft.Data.Sqlite;

namespace OrleansWorkflows.Storage.Sqlite;

public sealed partial class SqliteWorkflowStore
{
    /// <inheritdoc />
    public Task<long> CommitAsync(InstanceCommit commit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commit);
        return _database.Writer.WriteAsync((connection, transaction) => Commit(connection, transaction, commit));
    }

    /// <inheritdoc />
    public Task<InboxAppend> AppendInboxAsync(string instanceId, string messageJson, string? sender, long sequence, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        ArgumentNullException.ThrowIfNull(messageJson);
        return _inbox.AppendAsync(instanceId, messageJson, sender, sequence, null, default);
    }

    /// <inheritdoc />
    public Task<InboxAppend> AppendRequestAsync(string instanceId, string messageJson, string requestId, DateTime receivedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        ArgumentNullException.ThrowIfNull(messageJson);
        ArgumentNullException.ThrowIfNull(requestId);
        return _inbox.AppendAsync(instanceId, messageJson, null, 0, requestId, receivedAt);
    }

    /// <inheritdoc />
    public Task<int> PruneRequestsAsync(DateTime receivedBefore, int max, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        return _database.Writer.WriteAsync((connection, transaction) => connection.Execute(
            transaction,
            "DELETE FROM requests WHERE rowid IN (SELECT rowid FROM requests WHERE received_at < $before ORDER BY received_at LIMIT $max)",
            ("$before", receivedBefore.Ticks),
            ("$max", max)));
    }

    /// <inheritdoc />
    public Task RemoveOutboxAsync(string instanceId, IReadOnlyCollection<long> outboxIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outboxIds);
        if (outboxIds.Count == 0)
        {
            return Task.CompletedTask;
        }

        return _database.Writer.WriteAsync((connection, transaction) =>
        {
            DeleteByIds(connection, transaction, "outbox", instanceId, outboxIds);
            return true;
        });
    }

    /// <inheritdoc />
    public Task<bool> PurgeAsync(string instanceId, long expectedVersion, CancellationToken cancellationToken = default) =>
        PurgeCoreAsync(instanceId, expectedVersion, null, default);

    /// <inheritdoc />
    public Task<bool> PurgeAsync(string instanceId, long expectedVersion, string requestId, DateTime requestedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requestId);
        return PurgeCoreAsync(instanceId, expectedVersion, requestId, requestedAt);
    }

    private Task<bool> PurgeCoreAsync(string instanceId, long expectedVersion, string? requestId, DateTime requestedAt) =>
        _database.Writer.WriteAsync((connection, transaction) =>
        {
            var deleted = connection.Execute(
                transaction,
                "DELETE FROM instances WHERE instance_id = $id AND version = $version",
                ("$id", instanceId),
                ("$version", expectedVersion));
            if (deleted == 0)
            {
                return false;
            }

            foreach (var table in new[] { "history", "inbox", "outbox", "requests" })
            {
                connection.Execute(transaction, $"DELETE FROM {table} WHERE instance_id = $id", ("$id", instanceId));
            }

            if (requestId is not null)
            {
                connection.Execute(
                    transaction,
                    "INSERT INTO requests (instance_id, request_id, received_at) VALUES ($id, $request, $at)",
                    ("$id", instanceId),
                    ("$request", requestId),
                    ("$at", requestedAt.Ticks));
            }

            return true;
        });

    private static long Commit(SqliteConnection connection, SqliteTransaction transaction, InstanceCommit commit)
    {
        var id = commit.Record.InstanceId;
        long stored = 0, historyCount = 0, lastInbox = 0;
        using (var command = connection.Command(transaction, "SELECT version, history_count, last_inbox_id FROM instances WHERE instance_id = $id", ("$id", id)))
        using (var reader = command.ExecuteReader())
        {
            if (reader.Read())
            {
                (stored, historyCount, lastInbox) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
            }
        }

        StoreRules.CheckCommit(commit, stored, historyCount);
        if (StoreRules.DropsStoredHistory(commit, stored))
        {
            // A new execution (start, restart, continue-as-new): the previous execution's events are compacted away
            // (README, "History and new executions").
            connection.Execute(transaction, "DELETE FROM history WHERE instance_id = $id", ("$id", id));
        }

        historyCount = StoreRules.HistoryStart(commit, historyCount);

        using (var insert = connection.Command(transaction, "INSERT INTO history (instance_id, seq, event) VALUES ($id, $seq, $event)", ("$id", id), ("$seq", 0L), ("$event", string.Empty)))
        {
            foreach (var json in commit.AppendHistory)
            {
                insert.Parameters["$seq"].Value = historyCount++;
                insert.Parameters["$event"].Value = json;
                insert.ExecuteNonQuery();
            }
        }

        DeleteByIds(connection, transaction, "inbox", id, commit.ConsumedInbox);
        foreach (var message in commit.AddInbox)
        {
            InsertInbox(connection, transaction, id, ++lastInbox, message, null, 0);
        }

        DeleteByIds(connection, transaction, "outbox", id, commit.RemoveOutbox);
        using (var insert = connection.Command(
            transaction,
            "INSERT OR REPLACE INTO outbox (instance_id, id, receiver, message) VALUES ($id, $entry, $receiver, $message)",
            ("$id", id),
            ("$entry", 0L),
            ("$receiver", string.Empty),
            ("$message", string.Empty)))
        {
            foreach (var entry in commit.AddOutbox)
            {
                insert.Parameters["$entry"].Value = entry.Id;
                insert.Parameters["$receiver"].Value = entry.Receiver;
                insert.Parameters["$message"].Value = entry.MessageJson;
                insert.ExecuteNonQuery();
            }
        }

        WriteRecord(connection, transaction, commit.Record, stored, historyCount, lastInbox, commit.InboxSeenUpTo);
        return StoreRules.NextVersion(stored);
    }

    private static void WriteRecord(SqliteConnection connection, SqliteTransaction transaction, InstanceRecord record, long stored, long historyCount, long lastInbox, long inboxSeenUpTo)
    {
        var sql = stored == 0
            ? $"""
              INSERT INTO instances (instance_id, name, name_key, execution_id, status, input, output, custom_status, parent_instance_id,
                  created_at, last_updated_at, completed_at, version, engine_state, history_count, last_inbox_id, wake_at, orchestration_version, version_key)
              VALUES ($id, $name, $nameKey, $exec, $status, $input, $output, $custom, $parent, $created, $updated, $completed, 1, $engine, $count, $inbox,
                  {WakeAt}, $orchVersion, $versionKey)
              """
            : $"""
              UPDATE instances SET name = $name, name_key = $nameKey, execution_id = $exec, status = $status, input = $input, output = $output,
                  custom_status = $custom, parent_instance_id = $parent, created_at = $created, last_updated_at = $updated,
                  completed_at = $completed, version = version + 1, engine_state = $engine, history_count = $count, last_inbox_id = $inbox,
                  wake_at = {WakeAt}, orchestration_version = $orchVersion, version_key = $versionKey
              WHERE instance_id = $id AND version = $expected
              """;
        var changed = connection.Execute(
            transaction,
            sql,
            ("$id", record.InstanceId),
            ("$name", record.Name),
            ("$nameKey", SqlInstanceFilter.NameKey(record.Name)),
            ("$exec", record.ExecutionId),
            ("$status", (int)record.Status),
            ("$input", record.Input),
            ("$output", record.Output),
            ("$custom", record.CustomStatus),
            ("$parent", record.ParentInstanceId),
            ("$orchVersion", record.OrchestrationVersion),
            ("$versionKey", SqlInstanceFilter.VersionKey(record.OrchestrationVersion)),
            ("$created", record.CreatedAt.Ticks),
            ("$updated", record.LastUpdatedAt.Ticks),
            ("$completed", record.CompletedAt?.Ticks),
            ("$engine", record.EngineState),
            ("$count", historyCount),
            ("$inbox", lastInbox),
            ("$wake", record.WakeAt?.Ticks),
            ("$seen", inboxSeenUpTo),
            ("$dueAtOnce", InstanceRecord.DueAtOnce.Ticks),
            ("$expected", stored));
        if (changed != 1)
        {
            throw new ConcurrencyException($"Instance '{record.InstanceId}' changed during the commit.");
        }
    }

    private static readonly string WakeAt = SqlInstanceFilter.WakeAtValue("inbox", '$');

    /// <inheritdoc />
    public Task<bool> SetWakeUpAsync(string instanceId, long expectedVersion, DateTime? wakeAt, long inboxSeenUpTo, CancellationToken cancellationToken = default) =>
        _database.Writer.WriteAsync((connection, transaction) => connection.Execute(
            transaction,
            $"UPDATE instances SET wake_at = {WakeAt} WHERE instance_id = $id AND version = $version",
            ("$id", instanceId),
            ("$version", expectedVersion),
            ("$wake", wakeAt?.Ticks),
            ("$seen", inboxSeenUpTo),
            ("$dueAtOnce", InstanceRecord.DueAtOnce.Ticks)) == 1);

    private static void InsertInbox(SqliteConnection connection, SqliteTransaction transaction, string instanceId, long entryId, string message, string? sender, long sequence) =>
        connection.Execute(
            transaction,
            "INSERT INTO inbox (instance_id, id, message, sender, sequence) VALUES ($id, $entry, $message, $sender, $seq)",
            ("$id", instanceId),
            ("$entry", entryId),
            ("$message", message),
            ("$sender", sender),
            ("$seq", sequence));

    private static void DeleteByIds(SqliteConnection connection, SqliteTransaction transaction, string table, string instanceId, IReadOnlyCollection<long> ids)
    {
        if (ids.Count == 0)
        {
            return;
        }

        using var delete = connection.Command(transaction, $"DELETE FROM {table} WHERE instance_id = $id AND id = $entry", ("$id", instanceId), ("$entry", 0L));
        foreach (var entryId in ids)
        {
            delete.Parameters["$entry"].Value = entryId;
            delete.ExecuteNonQuery();
        }
    }
}
