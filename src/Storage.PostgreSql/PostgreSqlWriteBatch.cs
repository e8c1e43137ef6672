using Npgsql;
using static OrleansWorkflows.Storage.PostgreSql.PostgreSqlCommands;

namespace OrleansWorkflows.Storage.PostgreSql;

/// <summary>
/// Applies queued writes of many instances in one transaction and three round trips: (1) lock every instance row
/// involved, in id order so that concurrent batches cannot deadlock (<c>SELECT ... ORDER BY instance_id FOR UPDATE</c>),
/// and read which sequenced inbox messages and client request ids are already stored; (2) decide each write in queue
/// order against those rows — a commit whose expected version or history count differs fails alone with a
/// <see cref="ConcurrencyException"/>, an append to a missing instance is <c>NotFound</c>, a known (sender, sequence)
/// or request id is a <c>Duplicate</c> — and send the changes of all the others as one <see cref="NpgsqlBatch"/>
/// (the episodes' changes as a few statements per <see cref="PostgreSqlEpisodeRound"/>); (3) commit.
/// </summary>
internal static class PostgreSqlWriteBatch
{
    public static async Task ExecuteAsync(NpgsqlConnection connection, IReadOnlyList<IPendingWrite> writes)
    {
        await using var transaction = await connection.BeginTransactionAsync();
        var rows = await LockAsync(connection, transaction, writes);
        await using var batch = new NpgsqlBatch(connection, transaction);
        var appends = new List<(PendingAppend Write, long EntryId)>();
        var checks = new List<(NpgsqlBatchCommand Command, int Rows)>();
        var round = new PostgreSqlEpisodeRound();
        foreach (var write in writes)
        {
            switch (write)
            {
                case PendingCommit commit:
                    if (round.Contains(commit.InstanceId))
                    {
                        round.Flush(batch, checks);
                    }

                    Decide(commit, rows, round);
                    break;
                case PendingAppend append:
                    Decide(append, rows, appends);
                    break;
            }
        }

        round.Flush(batch, checks);
        AddAppendCommands(batch, appends, rows);
        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync();
            if (checks.Exists(c => c.Command.RecordsAffected != c.Rows))
            {
                // Cannot happen while the rows are locked; never commit half an episode if it does.
                throw new InvalidOperationException("An instance row changed while locked; the batch is rolled back.");
            }
        }

        await transaction.CommitAsync();
    }

    private static void Decide(PendingCommit write, Dictionary<string, InstanceRow> rows, PostgreSqlEpisodeRound round)
    {
        var commit = write.Commit;
        var row = rows.GetValueOrDefault(write.InstanceId) ?? new InstanceRow();
        if (StoreRules.CommitConflict(commit, row.Version, row.HistoryCount) is { } conflict)
        {
            write.Failure = conflict;
            return;
        }

        // A new execution (start, restart, continue-as-new): the previous execution's events are compacted away
        // (README, "History and new executions"); the round deletes them first.
        row.HistoryCount = StoreRules.HistoryStart(commit, row.HistoryCount);
        round.Add(commit, row.Version, row.HistoryCount, row.LastInboxId);
        row.HistoryCount += commit.AppendHistory.Count;
        row.LastInboxId += commit.AddInbox.Count;
        row.Version = StoreRules.NextVersion(row.Version);
        write.Result = row.Version;
        rows[write.InstanceId] = row;
    }

    private static void Decide(PendingAppend write, Dictionary<string, InstanceRow> rows, List<(PendingAppend, long)> appends)
    {
        var row = rows.GetValueOrDefault(write.InstanceId) is { Version: > 0 } existing ? existing : null;
        var lastInboxId = row?.LastInboxId ?? 0;
        write.Result = StoreRules.DecideAppend(row, write.Sender, write.Sequence, write.RequestId, write.ReceivedAt, ref lastInboxId);
        if (write.Result.Result != InboxAppendResult.Appended)
        {
            return;
        }

        row!.LastInboxId = lastInboxId;
        row.AppendedTo = true;
        appends.Add((write, lastInboxId));
    }

    private static void AddAppendCommands(NpgsqlBatch batch, List<(PendingAppend Write, long EntryId)> appends, Dictionary<string, InstanceRow> rows)
    {
        if (appends.Count == 0)
        {
            return;
        }

        batch.BatchCommands.Add(BatchCommand(
            "INSERT INTO ow_inbox (instance_id, id, message, sender, sequence) SELECT * FROM unnest(@ids, @entries, @messages, @senders, @sequences)",
            ("ids", appends.Select(a => a.Write.InstanceId).ToArray()),
            ("entries", appends.Select(a => a.EntryId).ToArray()),
            ("messages", appends.Select(a => a.Write.MessageJson).ToArray()),
            ("senders", appends.Select(a => a.Write.Sender).ToArray()),
            ("sequences", appends.Select(a => a.Write.Sequence).ToArray())));
        var requests = appends.Where(a => a.Write.RequestId is not null).ToList();
        if (requests.Count > 0)
        {
            batch.BatchCommands.Add(BatchCommand(
                "INSERT INTO ow_requests (instance_id, request_id, received_at) SELECT * FROM unnest(@ids, @requests, @times)",
                ("ids", requests.Select(a => a.Write.InstanceId).ToArray()),
                ("requests", requests.Select(a => a.Write.RequestId!).ToArray()),
                ("times", requests.Select(a => a.Write.ReceivedAt.Ticks).ToArray())));
        }

        var touched = rows.Where(r => r.Value.AppendedTo).ToList();
        batch.BatchCommands.Add(BatchCommand(
            "UPDATE ow_instances AS i SET last_inbox_id = t.last, wake_at = @due FROM unnest(@ids, @lasts) AS t(id, last) WHERE i.instance_id = t.id",
            ("ids", touched.Select(r => r.Key).ToArray()),
            ("lasts", touched.Select(r => r.Value.LastInboxId).ToArray()),
            ("due", StoreRules.WakeAtAfterAppend.Ticks)));
    }

    private static async Task<Dictionary<string, InstanceRow>> LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<IPendingWrite> writes)
    {
        var ids = writes.Select(w => w.InstanceId).Distinct(StringComparer.Ordinal).ToArray();
        var sequenced = writes.OfType<PendingAppend>().Where(a => a.Sender is not null).ToList();
        var requests = writes.OfType<PendingAppend>().Where(a => a.RequestId is not null).ToList();
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(BatchCommand(
            "SELECT instance_id, version, history_count, last_inbox_id FROM ow_instances WHERE instance_id = ANY(@ids) ORDER BY instance_id FOR UPDATE",
            ("ids", ids)));

        // The duplicate lookups only when the batch has appends that need them (most batches are episodes).
        if (sequenced.Count > 0)
        {
            batch.BatchCommands.Add(BatchCommand(
                """
                SELECT b.instance_id, b.sender, b.sequence FROM ow_inbox AS b
                JOIN unnest(@ids, @senders, @sequences) AS t(id, sender, sequence)
                  ON b.instance_id = t.id AND b.sender = t.sender AND b.sequence = t.sequence
                """,
                ("ids", sequenced.Select(a => a.InstanceId).ToArray()),
                ("senders", sequenced.Select(a => a.Sender!).ToArray()),
                ("sequences", sequenced.Select(a => a.Sequence).ToArray())));
        }

        if (requests.Count > 0)
        {
            batch.BatchCommands.Add(BatchCommand(
                """
                SELECT r.instance_id, r.request_id FROM ow_requests AS r
                JOIN unnest(@ids, @requests) AS t(id, request) ON r.instance_id = t.id AND r.request_id = t.request
                """,
                ("ids", requests.Select(a => a.InstanceId).ToArray()),
                ("requests", requests.Select(a => a.RequestId!).ToArray())));
        }

        var rows = new Dictionary<string, InstanceRow>(StringComparer.Ordinal);
        await using var reader = await batch.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows[reader.GetString(0)] = new InstanceRow { Version = reader.GetInt64(1), HistoryCount = reader.GetInt64(2), LastInboxId = reader.GetInt64(3) };
        }

        if (sequenced.Count > 0)
        {
            await reader.NextResultAsync();
            while (await reader.ReadAsync())
            {
                // An instance without a row (purged) has no duplicates to find: its appends are NotFound.
                if (rows.TryGetValue(reader.GetString(0), out var row))
                {
                    row.Received.Add((reader.GetString(1), reader.GetInt64(2)));
                }
            }
        }

        if (requests.Count > 0)
        {
            await reader.NextResultAsync();
            while (await reader.ReadAsync())
            {
                if (rows.TryGetValue(reader.GetString(0), out var row))
                {
                    row.Requests.Add(reader.GetString(1));
                }
            }
        }

        return rows;
    }

    /// <summary>An instance row as locked, updated in memory by each write decided in the batch.</summary>
    private sealed class InstanceRow : IInboxReceipts
    {
        public long Version { get; set; }

        public long HistoryCount { get; set; }

        public long LastInboxId { get; set; }

        public bool AppendedTo { get; set; }

        public HashSet<(string Sender, long Sequence)> Received { get; } = [];

        /// <summary>The client request ids of this batch's appends that the instance already received.</summary>
        public HashSet<string> Requests { get; } = new(StringComparer.Ordinal);

        public bool TryRecordSequence(string sender, long sequence) => Received.Add((sender, sequence));

        public bool TryRecordRequest(string requestId, DateTime receivedAt) => Requests.Add(requestId);
    }
}
