using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace OrleansWorkflows.Storage.Sqlite;

/// <summary>
/// Inbox appends of many messages as one write: appends queue here, and one <see cref="SqliteWriter"/> write (one
/// savepoint) drains every append waiting when it runs — each instance's last inbox id read once, one prepared insert,
/// the instance rows updated once — so a hot instance or entity receiving thousands of messages costs a few writes per
/// group commit instead of one per message. A client request's append also records its request id (a known one makes it
/// a duplicate). Callers are answered when the transaction holding their append committed.
/// </summary>
internal sealed class SqliteInboxAppender(SqliteDatabase database)
{
    private readonly ConcurrentQueue<Append> _queue = new();
    private int _drainQueued;

    public Task<InboxAppend> AppendAsync(string instanceId, string messageJson, string? sender, long sequence, string? requestId, DateTime receivedAt)
    {
        var append = new Append(instanceId, messageJson, sender, sequence) { RequestId = requestId, ReceivedAt = receivedAt };
        _queue.Enqueue(append);
        if (Interlocked.CompareExchange(ref _drainQueued, 1, 0) == 0)
        {
            _ = DrainAsync();
        }

        return append.Completion.Task;
    }

    private async Task DrainAsync()
    {
        List<Append> drained = [];
        try
        {
            await database.Writer.WriteAsync((connection, transaction) =>
            {
                // Reset first: an append queued from now on schedules another drain (which may find nothing left).
                Volatile.Write(ref _drainQueued, 0);
                while (_queue.TryDequeue(out var append))
                {
                    drained.Add(append);
                }

                Apply(connection, transaction, drained);
                return drained.Count;
            });
        }
        catch (Exception ex)
        {
            Volatile.Write(ref _drainQueued, 0);
            drained.ForEach(a => a.Completion.TrySetException(ex));
            if (drained.Count == 0)
            {
                // The write never ran (the database is closed): fail what is waiting.
                while (_queue.TryDequeue(out var append))
                {
                    append.Completion.TrySetException(ex);
                }
            }

            return;
        }

        drained.ForEach(a => a.Completion.TrySetResult(a.Result));
    }

    private static void Apply(SqliteConnection connection, SqliteTransaction transaction, List<Append> appends)
    {
        var lastIds = new Dictionary<string, long?>(StringComparer.Ordinal);
        using var last = connection.Command(transaction, "SELECT last_inbox_id FROM instances WHERE instance_id = $id", ("$id", string.Empty));
        using var received = connection.Command(
            transaction, "SELECT 1 FROM inbox WHERE instance_id = $id AND sender = $sender AND sequence = $seq", ("$id", string.Empty), ("$sender", string.Empty), ("$seq", 0L));
        using var request = connection.Command(
            transaction,
            "INSERT INTO requests (instance_id, request_id, received_at) VALUES ($id, $request, $at) ON CONFLICT DO NOTHING",
            ("$id", string.Empty),
            ("$request", string.Empty),
            ("$at", 0L));
        var receipts = new Receipts(received, request);
        using var insert = connection.Command(
            transaction,
            "INSERT INTO inbox (instance_id, id, message, sender, sequence) VALUES ($id, $entry, $message, $sender, $seq)",
            ("$id", string.Empty),
            ("$entry", 0L),
            ("$message", string.Empty),
            ("$sender", null),
            ("$seq", 0L));
        foreach (var append in appends)
        {
            if (!lastIds.TryGetValue(append.InstanceId, out var lastId))
            {
                last.Parameters["$id"].Value = append.InstanceId;
                lastIds[append.InstanceId] = lastId = last.ExecuteScalar() as long?;
            }

            var entryId = lastId ?? 0;
            receipts.InstanceId = append.InstanceId;
            append.Result = StoreRules.DecideAppend(lastId is null ? null : receipts, append.Sender, append.Sequence, append.RequestId, append.ReceivedAt, ref entryId);
            if (append.Result.Result != InboxAppendResult.Appended)
            {
                continue;
            }

            lastIds[append.InstanceId] = entryId;
            (insert.Parameters["$id"].Value, insert.Parameters["$entry"].Value, insert.Parameters["$message"].Value) = (append.InstanceId, entryId, append.MessageJson);
            (insert.Parameters["$sender"].Value, insert.Parameters["$seq"].Value) = (append.Sender ?? (object)DBNull.Value, append.Sequence);
            insert.ExecuteNonQuery();
        }

        using var update = connection.Command(transaction, "UPDATE instances SET last_inbox_id = $last, wake_at = $due WHERE instance_id = $id",
            ("$id", string.Empty),
            ("$last", 0L),
            ("$due", StoreRules.WakeAtAfterAppend.Ticks));
        foreach (var (instanceId, lastId) in lastIds.Where(l => l.Value is not null))
        {
            (update.Parameters["$id"].Value, update.Parameters["$last"].Value) = (instanceId, lastId);
            update.ExecuteNonQuery();
        }
    }

    /// <summary>What an instance received, read from the database: a sequenced message is known while it is in the inbox
    /// (the insert that follows an accepted one records it); a request id is recorded by inserting it.</summary>
    private sealed class Receipts(SqliteCommand received, SqliteCommand request) : IInboxReceipts
    {
        public string InstanceId { get; set; } = string.Empty;

        public bool TryRecordSequence(string sender, long sequence)
        {
            (received.Parameters["$id"].Value, received.Parameters["$sender"].Value, received.Parameters["$seq"].Value) = (InstanceId, sender, sequence);
            return received.ExecuteScalar() is null;
        }

        public bool TryRecordRequest(string requestId, DateTime receivedAt)
        {
            (request.Parameters["$id"].Value, request.Parameters["$request"].Value, request.Parameters["$at"].Value) = (InstanceId, requestId, receivedAt.Ticks);
            return request.ExecuteNonQuery() != 0;
        }
    }

    private sealed class Append(string instanceId, string messageJson, string? sender, long sequence)
    {
        public string InstanceId { get; } = instanceId;

        public string MessageJson { get; } = messageJson;

        public string? Sender { get; } = sender;

        public long Sequence { get; } = sequence;

        /// <summary>The client request id of an <see cref="IMailboxStore.AppendRequestAsync"/>, else <c>null</c>.</summary>
        public string? RequestId { get; init; }

        public DateTime ReceivedAt { get; init; }

        public InboxAppend Result { get; set; }

        public TaskCompletionSource<InboxAppend> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
