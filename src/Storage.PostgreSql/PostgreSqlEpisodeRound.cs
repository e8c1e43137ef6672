using Npgsql;
using NpgsqlTypes;
using static OrleansWorkflows.Storage.PostgreSql.PostgreSqlCommands;

namespace OrleansWorkflows.Storage.PostgreSql;

/// <summary>
/// The episode commits of a group commit, at most one per instance, written with one statement per kind of change for
/// all of them (history rows, inbox and outbox changes, new and updated instance rows, each over <c>unnest</c> of
/// arrays) instead of a few statements per episode: the server binds and executes a handful of statements per batch,
/// and the client builds as many. A second commit of an instance already in the round starts a new round (its rows
/// depend on the first one's), so statements of one round never touch an instance twice.
/// </summary>
internal sealed class PostgreSqlEpisodeRound
{
    private static readonly string WakeAt = SqlInstanceFilter.WakeAtValue("ow_inbox", "t.id", "t.wake", "t.seen", "@dueAtOnce");

    private const string RecordColumns =
        "id, name, name_key, exec, status, input, output, custom, parent, created, updated, completed, engine, count, inbox, wake, seen, expected, orch_version, version_key";

    private const string RecordArrays =
        "@ids, @names, @nameKeys, @execs, @statuses, @inputs, @outputs, @customs, @parents, @createds, @updateds, @completeds, @engines, @counts, @inboxes, @wakes, @seens, @expecteds, @orchVersions, @versionKeys";

    private readonly HashSet<string> _instances = new(StringComparer.Ordinal);
    private readonly List<string> _replaced = [];
    private readonly List<(string Id, long Seq, string Event)> _history = [];
    private readonly List<(string Id, long Entry)> _consumed = [];
    private readonly List<(string Id, long Entry, string Message)> _added = [];
    private readonly List<(string Id, long Entry)> _outboxRemoved = [];
    private readonly List<(string Id, OutboxEntry Entry)> _outboxAdded = [];
    private readonly List<Row> _created = [];
    private readonly List<Row> _updated = [];

    public bool Contains(string instanceId) => _instances.Contains(instanceId);

    /// <summary>
    /// Adds a commit decided against its locked row: <paramref name="stored"/> is the version it replaces (0 = new),
    /// history is written from <paramref name="historyStart"/>, inbox entries it adds after <paramref name="lastInbox"/>.
    /// </summary>
    public void Add(InstanceCommit commit, long stored, long historyStart, long lastInbox)
    {
        var id = commit.Record.InstanceId;
        _instances.Add(id);
        if (commit.ReplaceHistory && stored != 0)
        {
            _replaced.Add(id);
        }

        _history.AddRange(commit.AppendHistory.Select((e, i) => (id, historyStart + i, e)));
        _consumed.AddRange(commit.ConsumedInbox.Select(e => (id, e)));
        _added.AddRange(commit.AddInbox.Select((m, i) => (id, lastInbox + i + 1, m)));
        _outboxRemoved.AddRange(commit.RemoveOutbox.Select(e => (id, e)));
        _outboxAdded.AddRange(commit.AddOutbox.Select(e => (id, e)));
        var row = new Row(commit.Record, stored, historyStart + commit.AppendHistory.Count, lastInbox + commit.AddInbox.Count, commit.InboxSeenUpTo);
        (stored == 0 ? _created : _updated).Add(row);
    }

    /// <summary>
    /// Adds the round's statements to <paramref name="batch"/> (in an order that keeps each episode's meaning: old
    /// history removed before new rows, inbox changed before the wake-up that depends on it) and empties the round.
    /// The instance statements go to <paramref name="checks"/> with the rows each must affect.
    /// </summary>
    public void Flush(NpgsqlBatch batch, List<(NpgsqlBatchCommand Command, int Rows)> checks)
    {
        if (_instances.Count == 0)
        {
            return;
        }

        if (_replaced.Count > 0)
        {
            batch.BatchCommands.Add(BatchCommand("DELETE FROM ow_history WHERE instance_id = ANY(@ids)", ("ids", _replaced.ToArray())));
        }

        if (_history.Count > 0)
        {
            batch.BatchCommands.Add(BatchCommand(
                "INSERT INTO ow_history (instance_id, seq, event) SELECT * FROM unnest(@ids, @seqs, @events)",
                ("ids", _history.Select(h => h.Id).ToArray()),
                ("seqs", _history.Select(h => h.Seq).ToArray()),
                ("events", _history.Select(h => h.Event).ToArray())));
        }

        if (_consumed.Count > 0)
        {
            batch.BatchCommands.Add(BatchCommand(
                "DELETE FROM ow_inbox AS b USING unnest(@ids, @entries) AS t(id, entry) WHERE b.instance_id = t.id AND b.id = t.entry",
                ("ids", _consumed.Select(c => c.Id).ToArray()),
                ("entries", _consumed.Select(c => c.Entry).ToArray())));
        }

        if (_added.Count > 0)
        {
            batch.BatchCommands.Add(BatchCommand(
                "INSERT INTO ow_inbox (instance_id, id, message, sender, sequence) SELECT t.id, t.entry, t.message, NULL, 0 FROM unnest(@ids, @entries, @messages) AS t(id, entry, message)",
                ("ids", _added.Select(a => a.Id).ToArray()),
                ("entries", _added.Select(a => a.Entry).ToArray()),
                ("messages", _added.Select(a => a.Message).ToArray())));
        }

        if (_outboxRemoved.Count > 0)
        {
            batch.BatchCommands.Add(BatchCommand(
                "DELETE FROM ow_outbox AS o USING unnest(@ids, @entries) AS t(id, entry) WHERE o.instance_id = t.id AND o.id = t.entry",
                ("ids", _outboxRemoved.Select(r => r.Id).ToArray()),
                ("entries", _outboxRemoved.Select(r => r.Entry).ToArray())));
        }

        if (_outboxAdded.Count > 0)
        {
            batch.BatchCommands.Add(BatchCommand(
                """
                INSERT INTO ow_outbox (instance_id, id, receiver, message) SELECT * FROM unnest(@ids, @entries, @receivers, @messages)
                ON CONFLICT (instance_id, id) DO UPDATE SET receiver = excluded.receiver, message = excluded.message
                """,
                ("ids", _outboxAdded.Select(a => a.Id).ToArray()),
                ("entries", _outboxAdded.Select(a => a.Entry.Id).ToArray()),
                ("receivers", _outboxAdded.Select(a => a.Entry.Receiver).ToArray()),
                ("messages", _outboxAdded.Select(a => a.Entry.MessageJson).ToArray())));
        }

        if (_created.Count > 0)
        {
            var insert = RecordsCommand(
                $"""
                INSERT INTO ow_instances (instance_id, name, name_key, execution_id, status, input, output, custom_status, parent_instance_id,
                    created_at, last_updated_at, completed_at, version, engine_state, history_count, last_inbox_id, wake_at, orchestration_version, version_key)
                SELECT t.id, t.name, t.name_key, t.exec, t.status, t.input, t.output, t.custom, t.parent, t.created, t.updated, t.completed, 1,
                    t.engine, t.count, t.inbox, {WakeAt}, t.orch_version, t.version_key
                FROM unnest({RecordArrays}) AS t({RecordColumns})
                """,
                _created);
            batch.BatchCommands.Add(insert);
            checks.Add((insert, _created.Count));
        }

        if (_updated.Count > 0)
        {
            var update = RecordsCommand(
                $"""
                UPDATE ow_instances AS i SET name = t.name, name_key = t.name_key, execution_id = t.exec, status = t.status, input = t.input,
                    output = t.output, custom_status = t.custom, parent_instance_id = t.parent, created_at = t.created,
                    last_updated_at = t.updated, completed_at = t.completed, version = i.version + 1, engine_state = t.engine,
                    history_count = t.count, last_inbox_id = t.inbox, wake_at = {WakeAt}, orchestration_version = t.orch_version,
                    version_key = t.version_key
                FROM unnest({RecordArrays}) AS t({RecordColumns})
                WHERE i.instance_id = t.id AND i.version = t.expected
                """,
                _updated);
            batch.BatchCommands.Add(update);
            checks.Add((update, _updated.Count));
        }

        Clear();
    }

    private static NpgsqlBatchCommand RecordsCommand(string sql, List<Row> rows)
    {
        var command = BatchCommand(
            sql,
            ("ids", rows.Select(r => r.Record.InstanceId).ToArray()),
            ("names", rows.Select(r => r.Record.Name).ToArray()),
            ("nameKeys", rows.Select(r => SqlInstanceFilter.NameKey(r.Record.Name)).ToArray()),
            ("execs", rows.Select(r => r.Record.ExecutionId).ToArray()),
            ("statuses", rows.Select(r => (int)r.Record.Status).ToArray()),
            ("inputs", rows.Select(r => r.Record.Input).ToArray()),
            ("outputs", rows.Select(r => r.Record.Output).ToArray()),
            ("customs", rows.Select(r => r.Record.CustomStatus).ToArray()),
            ("parents", rows.Select(r => r.Record.ParentInstanceId).ToArray()),
            ("orchVersions", rows.Select(r => r.Record.OrchestrationVersion).ToArray()),
            ("versionKeys", rows.Select(r => SqlInstanceFilter.VersionKey(r.Record.OrchestrationVersion)).ToArray()),
            ("createds", rows.Select(r => r.Record.CreatedAt.Ticks).ToArray()),
            ("updateds", rows.Select(r => r.Record.LastUpdatedAt.Ticks).ToArray()),
            ("engines", rows.Select(r => r.Record.EngineState).ToArray()),
            ("counts", rows.Select(r => r.HistoryCount).ToArray()),
            ("inboxes", rows.Select(r => r.LastInbox).ToArray()),
            ("seens", rows.Select(r => r.InboxSeenUpTo).ToArray()),
            ("expecteds", rows.Select(r => r.Stored).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<long?[]>("completeds", NpgsqlDbType.Array | NpgsqlDbType.Bigint)
        {
            TypedValue = [.. rows.Select(r => r.Record.CompletedAt?.Ticks)],
        });
        command.Parameters.Add(new NpgsqlParameter<long?[]>("wakes", NpgsqlDbType.Array | NpgsqlDbType.Bigint)
        {
            TypedValue = [.. rows.Select(r => r.Record.WakeAt?.Ticks)],
        });
        command.Parameters.Add(new NpgsqlParameter<long>("dueAtOnce", NpgsqlDbType.Bigint) { TypedValue = InstanceRecord.DueAtOnce.Ticks });
        return command;
    }

    private void Clear()
    {
        _instances.Clear();
        _replaced.Clear();
        _history.Clear();
        _consumed.Clear();
        _added.Clear();
        _outboxRemoved.Clear();
        _outboxAdded.Clear();
        _created.Clear();
        _updated.Clear();
    }

    /// <summary>An instance row to write: the record, the version it replaces, its history count and last inbox id after the episode.</summary>
    private sealed record Row(InstanceRecord Record, long Stored, long HistoryCount, long LastInbox, long InboxSeenUpTo);
}
