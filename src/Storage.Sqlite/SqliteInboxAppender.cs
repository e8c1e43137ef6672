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
        using var insert = connection.Command(
            transaction,
            "INSERT INTO inbox (instance_id, id, message, sender, sequence) VALUES ($id, $entry, $message, $sender, $seq)",
            ("$id", string.Empty),
            ("$entry", 0L),
            ("$message", string.Empty),
            ("$sender", null),
            ("$seq", 0L));
        using var request = connection.Command(
            transaction,
            "INSERT INTO requests (instance_id, request_id, received_at) VALUES ($id, $request, $at) ON CONFLICT DO NOTHING",
            ("$id", string.Empty),
            ("$request", string.Empty),
            ("$at", 0L));
        foreach (var append in appends)
        {
            if (!lastIds.TryGetValue(append.InstanceId, out var lastId))
            {
                last.Parameters["$id"].Value = append.InstanceId;
                lastIds[append.InstanceId] = lastId = last.ExecuteScalar() as long?;
            }

            if (lastId is null)
            {
                append.Result = new InboxAppend(InboxAppendResult.NotFound, 0);
                continue;
            }

            if (append.Sender is not null)
            {
                (received.Parameters["$id"].Value, received.Parameters["$sender"].Value, received.Parameters["$seq"].Value) =
                    (append.InstanceId, append.Sender, append.Sequence);
                if (received.ExecuteScalar() is not null)
                {
                    append.Result = new InboxAppend(InboxAppendResult.Duplicate, 0);
                    continue;
                }
            }

            if (append.RequestId is not null)
            {
                (request.Parameters["$id"].Value, request.Parameters["$request"].Value, request.Parameters["$at"].Value) =
                    (append.InstanceId, append.RequestId, append.ReceivedAt.Ticks);
                if (request.ExecuteNonQuery() == 0)
                {
                    append.Result = new InboxAppend(InboxAppendResult.Duplicate, 0);
                    continue;
                }
            }

            lastIds[append.InstanceId] = ++lastId;
            (insert.Parameters["$id"].Value, insert.Parameters["$entry"].Value, insert.Parameters["$message"].Value) = (append.InstanceId, lastId, append.MessageJson);
            (insert.Parameters["$sender"].Value, insert.Parameters["$seq"].Value) = (append.Sender ?? (object)DBNull.Value, append.Sequence);
            insert.ExecuteNonQuery();
            append.Result = new InboxAppend(InboxAppendResult.Appended, lastId.Value);
        }

        using var update = connection.Command(transaction, "UPDATE instances SET last_inbox_id = $last, wake_at = $due WHERE instance_id = $id",
            ("$id", string.Empty),
            ("$last", 0L),
            ("$due", InstanceRecord.DueAtOnce.Ticks));
        foreach (var (instanceId, lastId) in lastIds.Where(l => l.Value is not null))
        {
            (update.Parameters["$id"].Value, update.Parameters["$last"].Value) = (instanceId, lastId);
            update.ExecuteNonQuery();
        }
    }

    private sealed class Append(string instanceId, string messageJson, string? sender, long sequence)
    {
        public string InstanceId { get; } = instanceId;

        public string MessageJson { get; } = messageJson;

        public string? Sender { get; } = sender;

        public long Sequence { get; } = sequence;

        /// <summary>The client request id of an <see cref="IWorkflowStore.AppendRequestAsync"/>, else <c>null</c>.</summary>
        public string? RequestId { get; init; }

        public DateTime ReceivedAt { get; init; }

        public InboxAppend Result { get; set; }

        public TaskCompletionSource<InboxAppend> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
