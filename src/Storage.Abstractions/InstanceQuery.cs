namespace OrleansWorkflows.Storage;

/// <summary>
/// A filter over the instance index. Every set condition must hold. Results are ordered by creation time, then instance
/// id, and paged with an opaque continuation token, so a page walk returns each matching instance exactly once even
/// while new instances are created.
/// </summary>
public sealed record InstanceQuery
{
    /// <summary>Only these statuses; <c>null</c> or empty for any.</summary>
    public IReadOnlyCollection<OrchestrationRuntimeStatus>? Statuses { get; init; }

    /// <summary>Only this orchestration name (case-insensitive); <c>null</c> for any.</summary>
    public string? Name { get; init; }

    /// <summary>Created at or after this time (UTC).</summary>
    public DateTime? CreatedFrom { get; init; }

    /// <summary>Created at or before this time (UTC).</summary>
    public DateTime? CreatedTo { get; init; }

    /// <summary>Only ids starting with this prefix (ordinal).</summary>
    public string? InstanceIdPrefix { get; init; }

    /// <summary>The page size, 1 to 1,000.</summary>
    public int PageSize { get; init; } = 100;

    /// <summary>The token of the previous page, or <c>null</c> for the first.</summary>
    public string? ContinuationToken { get; init; }

    /// <summary>
    /// Whether the records carry <see cref="InstanceRecord.Input"/>, <see cref="InstanceRecord.Output"/> and
    /// <see cref="InstanceRecord.CustomStatus"/> (default true). When false the store does not read them: a failed
    /// instance's output (its failure details) is still returned. Query results never carry
    /// <see cref="InstanceRecord.EngineState"/>.
    /// </summary>
    public bool IncludeInputsAndOutputs { get; init; } = true;

    /// <summary>Only instances whose <see cref="InstanceRecord.OrchestrationVersion"/> is this (case-insensitive);
    /// <c>null</c> for any. Rows without a version (unversioned, or written before versions were stored) match none.</summary>
    public string? Version { get; init; }

    /// <summary>True when <paramref name="record"/> matches every condition (not the paging).</summary>
    /// <param name="record">The record.</param>
    public bool Matches(InstanceRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return (Statuses is not { Count: > 0 } || Statuses.Contains(record.Status))
            && (Name is null || string.Equals(Name, record.Name, StringComparison.OrdinalIgnoreCase))
            && (CreatedFrom is null || record.CreatedAt >= CreatedFrom)
            && (CreatedTo is null || record.CreatedAt <= CreatedTo)
            && (InstanceIdPrefix is null || record.InstanceId.StartsWith(InstanceIdPrefix, StringComparison.Ordinal))
            && (Version is null || string.Equals(Version, record.OrchestrationVersion, StringComparison.OrdinalIgnoreCase));
    }
}

/// <summary>One page of a query.</summary>
/// <param name="Instances">The matching records of this page, in order.</param>
/// <param name="ContinuationToken">The token for the next page, or <c>null</c> on the last page.</param>
public sealed record InstancePage(IReadOnlyList<InstanceRecord> Instances, string? ContinuationToken);

/// <summary>The position after a record in query order, as an opaque token ("ticks:instanceId", base64url).</summary>
public static class QueryCursor
{
    /// <summary>Makes the token positioned after <paramref name="record"/>.</summary>
    /// <param name="record">The last record of a page.</param>
    public static string After(InstanceRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var raw = System.Text.Encoding.UTF8.GetBytes($"{record.CreatedAt.Ticks}:{record.InstanceId}");
        return Convert.ToBase64String(raw).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>Reads a token; throws <see cref="FormatException"/> with a clear message when it is not one of ours.</summary>
    /// <param name="token">The token.</param>
    public static (DateTime CreatedAt, string InstanceId) Parse(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            base64 += new string('=', (4 - (base64.Length % 4)) % 4);
            var text = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(base64));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            var ticks = long.Parse(text.AsSpan(0, colon), System.Globalization.CultureInfo.InvariantCulture);
            return (new DateTime(ticks, DateTimeKind.Utc), text[(colon + 1)..]);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or OverflowException)
        {
            throw new FormatException("The continuation token is not valid.", ex);
        }
    }

    /// <summary>True when <paramref name="record"/> comes after the cursor in query order.</summary>
    /// <param name="record">The record.</param>
    /// <param name="cursor">The parsed cursor.</param>
    public static bool IsAfter(InstanceRecord record, (DateTime CreatedAt, string InstanceId) cursor)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.CreatedAt > cursor.CreatedAt
            || (record.CreatedAt == cursor.CreatedAt && string.CompareOrdinal(record.InstanceId, cursor.InstanceId) > 0);
    }
}
