using System.Data.Common;

namespace OrleansWorkflows.Storage;

/// <summary>
/// The WHERE clause of an <see cref="InstanceQuery"/> (filter and continuation cursor) for SQL backends whose instance
/// table has the columns <c>status</c>, <c>name_key</c> (<see cref="NameKey"/>), <c>version_key</c>
/// (<see cref="VersionKey"/>), <c>created_at</c> (ticks) and <c>instance_id</c>. Every value is a parameter, never spliced into the SQL.
/// </summary>
public static class SqlInstanceFilter
{
    /// <summary>The instance table's record columns, in the order <see cref="ReadRecord"/> reads them.</summary>
    public const string RecordColumns =
        "instance_id, name, execution_id, status, input, output, custom_status, parent_instance_id, created_at, last_updated_at, completed_at, version, engine_state, wake_at, orchestration_version";

    /// <summary>The columns a query page reads, in the order <see cref="ReadRecord"/> reads them.</summary>
    /// <param name="query">The query.</param>
    public static string QueryColumns(InstanceQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var payloads = query.IncludeInputsAndOutputs
            ? "input, output, custom_status"
            : $"NULL, CASE WHEN status = {(int)OrchestrationRuntimeStatus.Failed} THEN output END, NULL";
        return $"instance_id, name, execution_id, status, {payloads}, parent_instance_id, created_at, last_updated_at, completed_at, version, NULL, wake_at, orchestration_version";
    }

    /// <summary>
    /// The value written to <c>wake_at</c> by a commit or a wake-up change (marker <paramref name="marker"/>, parameters
    /// <c>id</c>, <c>wake</c>, <c>seen</c> and <c>dueAtOnce</c>): due at once while the instance has inbox entries the
    /// writer does not know of (ids above <c>seen</c>, see <see cref="IWakeIndex"/>), else the
    /// requested value.
    /// </summary>
    /// <param name="inboxTable">The inbox table's name.</param>
    /// <param name="marker">The parameter marker of the backend (<c>$</c> or <c>@</c>).</param>
    public static string WakeAtValue(string inboxTable, char marker) =>
        WakeAtValue(inboxTable, $"{marker}id", $"{marker}wake", $"{marker}seen", $"{marker}dueAtOnce");

    /// <summary>The same rule over SQL expressions (e.g. columns of an <c>unnest</c> writing many instances at once).</summary>
    /// <param name="inboxTable">The inbox table's name.</param>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="wakeAt">The requested wake-up.</param>
    /// <param name="inboxSeenUpTo">The highest inbox entry id the writer knows of.</param>
    /// <param name="dueAtOnce">The value meaning "due at once".</param>
    public static string WakeAtValue(string inboxTable, string instanceId, string wakeAt, string inboxSeenUpTo, string dueAtOnce) =>
        $"CASE WHEN EXISTS (SELECT 1 FROM {inboxTable} AS b WHERE b.instance_id = {instanceId} AND b.id > {inboxSeenUpTo}) THEN {dueAtOnce} ELSE {wakeAt} END";

    /// <summary>
    /// The condition of a page of due wake-ups (parameters <c>due</c>, and <c>afterAt</c>/<c>afterId</c> when
    /// <paramref name="paged"/>), ordered by <c>wake_at, instance_id</c>.
    /// </summary>
    /// <param name="marker">The parameter marker of the backend (<c>$</c> or <c>@</c>).</param>
    /// <param name="paged">Whether the page starts after a cursor.</param>
    public static string DueWakeUpsCondition(char marker, bool paged) => paged
        ? $"wake_at <= {marker}due AND (wake_at > {marker}afterAt OR (wake_at = {marker}afterAt AND instance_id > {marker}afterId))"
        : $"wake_at <= {marker}due";

    /// <summary>Reads a record selected as <see cref="RecordColumns"/> (times stored as UTC ticks).</summary>
    /// <param name="reader">The reader, positioned on a row.</param>
    public static InstanceRecord ReadRecord(DbDataReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
        return new InstanceRecord
        {
            InstanceId = reader.GetString(0),
            Name = reader.GetString(1),
            ExecutionId = reader.GetString(2),
            Status = (OrchestrationRuntimeStatus)reader.GetInt32(3),
            Input = Text(4),
            Output = Text(5),
            CustomStatus = Text(6),
            ParentInstanceId = Text(7),
            CreatedAt = new DateTime(reader.GetInt64(8), DateTimeKind.Utc),
            LastUpdatedAt = new DateTime(reader.GetInt64(9), DateTimeKind.Utc),
            CompletedAt = reader.IsDBNull(10) ? null : new DateTime(reader.GetInt64(10), DateTimeKind.Utc),
            Version = reader.GetInt64(11),
            EngineState = Text(12),
            WakeAt = reader.IsDBNull(13) ? null : new DateTime(reader.GetInt64(13), DateTimeKind.Utc),
            OrchestrationVersion = Text(14),
        };
    }

    /// <summary>Builds the clause (empty or starting with " WHERE ") and its parameters.</summary>
    /// <param name="query">The query.</param>
    /// <param name="marker">The parameter marker of the backend (<c>$</c> or <c>@</c>).</param>
    /// <exception cref="FormatException">The continuation token is not valid.</exception>
    public static (string Where, List<(string Name, object? Value)> Parameters) Build(InstanceQuery query, char marker)
    {
        ArgumentNullException.ThrowIfNull(query);
        var conditions = new List<string>();
        var parameters = new List<(string Name, object? Value)>();
        string Add(string name, object value)
        {
            parameters.Add(($"{marker}{name}", value));
            return $"{marker}{name}";
        }

        if (query.Statuses is { Count: > 0 } statuses)
        {
            conditions.Add($"status IN ({string.Join(", ", statuses.Distinct().Select((s, i) => Add($"s{i}", (int)s)))})");
        }

        if (query.Name is not null)
        {
            conditions.Add($"name_key = {Add("name", NameKey(query.Name))}");
        }

        if (query.Version is not null)
        {
            conditions.Add($"version_key = {Add("version", VersionKey(query.Version)!)}");
        }

        if (query.CreatedFrom is { } from)
        {
            conditions.Add($"created_at >= {Add("from", from.Ticks)}");
        }

        if (query.CreatedTo is { } to)
        {
            conditions.Add($"created_at <= {Add("to", to.Ticks)}");
        }

        if (query.InstanceIdPrefix is not null)
        {
            // A range on the id (byte order: SQLite's BINARY, PostgreSQL's "C" collation of the key) searches the primary
            // key; the exact prefix test then only filters the rows in the range.
            var prefix = Add("prefix", query.InstanceIdPrefix);
            conditions.Add($"instance_id >= {prefix}");
            if (PrefixUpperBound(query.InstanceIdPrefix) is { } upper)
            {
                conditions.Add($"instance_id < {Add("prefixEnd", upper)}");
            }

            conditions.Add($"substr(instance_id, 1, length({prefix})) = {prefix}");
        }

        if (query.ContinuationToken is { } token)
        {
            var (createdAt, instanceId) = QueryCursor.Parse(token);
            var at = Add("cursorAt", createdAt.Ticks);
            conditions.Add($"(created_at > {at} OR (created_at = {at} AND instance_id > {Add("cursorId", instanceId)}))");
        }

        return (conditions.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", conditions), parameters);
    }

    /// <summary>
    /// The least string above every string that starts with <paramref name="prefix"/> in code point order (the byte order of
    /// UTF-8): the prefix without its trailing U+10FFFF code points, its last code point incremented (skipping surrogates).
    /// <c>null</c> when there is none (empty, only U+10FFFF, or not well-formed UTF-16).
    /// </summary>
    /// <param name="prefix">The id prefix.</param>
    public static string? PrefixUpperBound(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var runes = new List<System.Text.Rune>();
        for (var i = 0; i < prefix.Length; i += runes[^1].Utf16SequenceLength)
        {
            if (System.Text.Rune.DecodeFromUtf16(prefix.AsSpan(i), out var rune, out _) != System.Buffers.OperationStatus.Done)
            {
                return null;
            }

            runes.Add(rune);
        }

        while (runes.Count > 0 && runes[^1].Value == 0x10FFFF)
        {
            runes.RemoveAt(runes.Count - 1);
        }

        if (runes.Count == 0)
        {
            return null;
        }

        var next = runes[^1].Value + 1;
        runes[^1] = new System.Text.Rune(next == 0xD800 ? 0xE000 : next);
        return string.Concat(runes.Select(r => r.ToString()));
    }

    /// <summary>The case-insensitive key of an orchestration version (what <c>version_key</c> holds); <c>null</c> for none.</summary>
    /// <param name="version">The orchestration version, or <c>null</c>.</param>
    public static string? VersionKey(string? version) => version?.ToUpperInvariant();

    /// <summary>The case-insensitive key of an orchestration name (what <c>name_key</c> holds).</summary>
    /// <param name="name">The orchestration name.</param>
    public static string NameKey(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.ToUpperInvariant();
    }
}
