namespace OrleansWorkflows.Storage.Sqlite;

/// <summary>Turns an <see cref="InstanceQuery"/> (filter + continuation cursor) into a parameterised WHERE clause.</summary>
internal static class SqliteQueryFilter
{
    public static (string Where, List<(string Name, object? Value)> Parameters) Build(InstanceQuery query)
    {
        var conditions = new List<string>();
        var parameters = new List<(string Name, object? Value)>();
        if (query.Statuses is { Count: > 0 } statuses)
        {
            var names = statuses.Distinct().Select((s, i) =>
            {
                parameters.Add(($"$s{i}", (int)s));
                return $"$s{i}";
            });
            conditions.Add($"status IN ({string.Join(", ", names)})");
        }

        if (query.Name is not null)
        {
            conditions.Add("name_key = $name");
            parameters.Add(("$name", NameKey(query.Name)));
        }

        if (query.CreatedFrom is { } from)
        {
            conditions.Add("created_at >= $from");
            parameters.Add(("$from", from.Ticks));
        }

        if (query.CreatedTo is { } to)
        {
            conditions.Add("created_at <= $to");
            parameters.Add(("$to", to.Ticks));
        }

        if (query.InstanceIdPrefix is not null)
        {
            conditions.Add("substr(instance_id, 1, length($prefix)) = $prefix");
            parameters.Add(("$prefix", query.InstanceIdPrefix));
        }

        if (query.ContinuationToken is { } token)
        {
            var (createdAt, instanceId) = QueryCursor.Parse(token);
            conditions.Add("(created_at > $cursorAt OR (created_at = $cursorAt AND instance_id > $cursorId))");
            parameters.Add(("$cursorAt", createdAt.Ticks));
            parameters.Add(("$cursorId", instanceId));
        }

        return (conditions.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", conditions), parameters);
    }

    /// <summary>The case-insensitive key of an orchestration name.</summary>
    public static string NameKey(string name) => name.ToUpperInvariant();
}
