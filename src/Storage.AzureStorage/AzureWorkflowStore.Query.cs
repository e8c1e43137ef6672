using Azure.Data.Tables;

namespace OrleansWorkflows.Storage.AzureStorage;

public sealed partial class AzureWorkflowStore
{
    private static readonly string[] LeanColumns =
        ["Id", "Name", "ExecutionId", "Status", "CreatedAt", "LastUpdatedAt", "CompletedAt", "Version", "ParentInstanceId", "Output", "OutputBlob", "OrchestrationVersion"];

    private long _queryRowsRead;

    /// <summary>The query rows the service returned to this store's queries (tests: what a filter left to the client).</summary>
    internal long QueryRowsRead => Interlocked.Read(ref _queryRowsRead);

    /// <summary>
    /// Reads one page from the query rows of every shard (each shard's rows are in creation-time order, so each is read
    /// only as far as the page can reach), merges them in (creation time, id) order and trims the page. Status, name,
    /// version, time and id-prefix filters run in the service (the prefix as a range of the id: <see cref="IdPrefixFilter"/>);
    /// the cursor's tie-break by id runs here, and every filter is checked again here.
    /// </summary>
    /// <inheritdoc />
    public async Task<InstancePage> QueryAsync(InstanceQuery query, CancellationToken cancellationToken = default)
    {
        StoreRules.CheckQuery(query);
        (DateTime CreatedAt, string InstanceId)? cursor = query.ContinuationToken is { } token ? QueryCursor.Parse(token) : null;
        await _account.EnsureReadyAsync(cancellationToken);
        await _index.FlushAsync();
        var want = StoreRules.RowsToRead(query);
        var shards = await Task.WhenAll(AzureKeys.Shards(_account.Options.IndexShards)
            .Select(shard => ReadQueryShardAsync(shard, query, cursor, want, cancellationToken)));
        var rows = shards.SelectMany(s => s)
            .OrderBy(r => r.Record.CreatedAt)
            .ThenBy(r => r.Record.InstanceId, StringComparer.Ordinal)
            .Take(want)
            .ToList();
        var records = await Task.WhenAll(rows.Select(async r =>
            (query.IncludeInputsAndOutputs || r.Record.Status == OrchestrationRuntimeStatus.Failed) && r.Row.GetBoolean("PayloadsInStatus") == true ? await WithPayloadsAsync(r.Record, cancellationToken) : r.Record));
        return StoreRules.TrimPage([.. records.Select(r => StoreRules.ForQuery(r, query.IncludeInputsAndOutputs))], query.PageSize);
    }

    private async Task<List<(InstanceRecord Record, TableEntity Row)>> ReadQueryShardAsync(
        string shard, InstanceQuery query, (DateTime CreatedAt, string InstanceId)? cursor, int want, CancellationToken cancellationToken)
    {
        var fromTicks = Math.Max(query.CreatedFrom?.Ticks ?? 0, cursor?.CreatedAt.Ticks ?? 0);
        var to = query.CreatedTo is { } createdTo ? "q" + AzureKeys.Ticks(createdTo.Ticks + 1) : "r";
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {shard} and RowKey ge {"q" + AzureKeys.Ticks(fromTicks)} and RowKey lt {to}");
        if (query.Statuses is { Count: > 0 } statuses)
        {
            filter += " and (" + string.Join(" or ", statuses.Distinct().Select(s => TableClient.CreateQueryFilter($"Status eq {(int)s}"))) + ")";
        }

        if (query.Name is { } name)
        {
            filter += " and " + TableClient.CreateQueryFilter($"NameKey eq {name.ToUpperInvariant()}");
        }

        if (IdPrefixFilter(query.InstanceIdPrefix) is { } prefixFilter)
        {
            filter += " and " + prefixFilter;
        }

        if (query.Version is { } version)
        {
            filter += " and " + TableClient.CreateQueryFilter($"VersionKey eq {version.ToUpperInvariant()}");
        }

        var select = query.IncludeInputsAndOutputs ? null : LeanColumns.Append("PayloadsInStatus");
        var found = new List<(InstanceRecord, TableEntity)>();
        await foreach (var row in _account.Index.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(1000, want + 1), select: select, cancellationToken: cancellationToken))
        {
            Interlocked.Increment(ref _queryRowsRead);
            var record = IndexRows.ToRecord(row);
            if (found.Count >= want && record.CreatedAt > found[^1].Item1.CreatedAt)
            {
                break;
            }

            if (query.Matches(record) && (cursor is not { } c || QueryCursor.IsAfter(record, c)))
            {
                found.Add((record, row));
            }
        }

        return found;
    }

    /// <summary>
    /// The id prefix as a range of the query rows' <c>Id</c>: from the prefix up to (not including) the prefix with its last
    /// character incremented, which holds every id that starts with it whether the service orders strings by UTF-16 code
    /// unit or by code point. A prefix ending in a surrogate or at U+D7FF/U+FFFF (whose successor would be a surrogate or
    /// none), or holding a control character, is left to the client alone.
    /// </summary>
    internal static string? IdPrefixFilter(string? prefix)
    {
        if (prefix is not { Length: > 0 } || prefix[^1] is >= '\uD7FF' and <= '\uDFFF' or '\uFFFF' || prefix.Any(char.IsControl))
        {
            return null;
        }

        var upper = prefix[..^1] + (char)(prefix[^1] + 1);
        return TableClient.CreateQueryFilter($"Id ge {prefix} and Id lt {upper}");
    }

    /// <summary>The record with the payloads its status row keeps in blobs (a query row holds only short ones).</summary>
    private async Task<InstanceRecord> WithPayloadsAsync(InstanceRecord indexed, CancellationToken cancellationToken)
    {
        var full = await ReadRecordAsync(indexed.InstanceId, ["Input", "Output", "CustomStatus"], cancellationToken);
        return full is null ? indexed : indexed with { Input = full.Input, Output = full.Output, CustomStatus = full.CustomStatus };
    }
}
