using Azure.Data.Tables;

namespace OrleansWorkflows.Storage.AzureStorage;

/// <summary>
/// Rows of the index table, in the shard partition of their instance (<see cref="AzureKeys.Shard"/>), so that an
/// instance's index changes are one transaction:
/// <list type="bullet">
/// <item>query rows <c>q{created ticks}{id hash}</c>: what queries filter and return (payloads only when short;
/// otherwise <c>PayloadsInStatus</c> and the query reads the status row; not the wake-up, which inbox appends change
/// without touching the query row);</item>
/// <item>wake rows <c>w{wake ticks}{id hash}</c>: the instance's stored wake-up;</item>
/// <item>repair rows <c>w{ticks}{id hash}R</c>: written before a commit, deleted after its index update; one left behind
/// (the process died in between) is found by the recovery sweep when due, which then rebuilds the instance's query and
/// wake rows from its status row.</item>
/// <item>request rows <c>x{received ticks}{id hash}{request hash}</c>: one per client request id the instances table
/// remembers (written before it), in time order, so that pruning the request ids reads a key range of each shard
/// instead of scanning the instances table.</item>
/// </list>
/// </summary>
internal static class IndexRows
{
    /// <summary>The row key of an instance's query row.</summary>
    public static string QueryKey(DateTime createdAt, string instanceHash) => "q" + AzureKeys.Ticks(createdAt.Ticks) + instanceHash;

    /// <summary>The row key of an instance's wake row.</summary>
    public static string WakeKey(DateTime wakeAt, string instanceHash) => "w" + AzureKeys.Ticks(wakeAt.Ticks) + instanceHash;

    /// <summary>The row key of a repair row.</summary>
    public static string RepairKey(DateTime at, string instanceHash) => WakeKey(at, instanceHash) + "R";

    /// <summary>The row key of the request row of <paramref name="requestRow"/> (a row key <c>r{request hash}</c> of the instances table).</summary>
    public static string RequestKey(DateTime receivedAt, string instanceHash, string requestRow) => "x" + AzureKeys.Ticks(receivedAt.Ticks) + instanceHash + requestRow[1..];

    /// <summary>The index row of a remembered client request id (<paramref name="requestRow"/>, a row of the instance's partition).</summary>
    public static TableEntity Request(string shard, string instanceId, string instanceHash, TableEntity requestRow)
    {
        var receivedAt = StatusRow.Time(requestRow.GetInt64("ReceivedAt")) ?? default;
        return new TableEntity(shard, RequestKey(receivedAt, instanceHash, requestRow.RowKey))
        {
            ["Id"] = instanceId, ["Req"] = requestRow.RowKey, ["ReceivedAt"] = receivedAt.Ticks,
        };
    }

    /// <summary>A wake row.</summary>
    public static TableEntity Wake(string shard, string instanceId, string instanceHash, DateTime wakeAt) => new(shard, WakeKey(wakeAt, instanceHash))
    {
        ["Id"] = instanceId, ["WakeAt"] = wakeAt.Ticks,
    };

    /// <summary>A repair row naming the query rows the interrupted write may have left wrong.</summary>
    public static TableEntity Repair(string shard, string instanceId, string instanceHash, DateTime at, IEnumerable<string> queryKeys) => new(shard, RepairKey(at, instanceHash))
    {
        ["Id"] = instanceId, ["WakeAt"] = at.Ticks, ["Repair"] = true, ["QueryKeys"] = string.Join(',', queryKeys.Distinct(StringComparer.Ordinal)),
    };

    /// <summary>The query row of an instance, made from the status row as written.</summary>
    public static TableEntity Query(string shard, StatusRow status, TableEntity statusEntity)
    {
        var r = status.Record;
        var row = new TableEntity(shard, QueryKey(r.CreatedAt, status.InstanceHash))
        {
            ["Id"] = status.InstanceId,
            ["Name"] = r.Name,
            ["NameKey"] = r.Name.ToUpperInvariant(),
            ["ExecutionId"] = r.ExecutionId,
            ["Status"] = (int)r.Status,
            ["CreatedAt"] = r.CreatedAt.Ticks,
            ["LastUpdatedAt"] = r.LastUpdatedAt.Ticks,
            ["Version"] = r.Version,
        };
        CopyIfPresent(statusEntity, row, "ParentInstanceId", "CompletedAt", "OrchestrationVersion");
        if (r.OrchestrationVersion is { } version)
        {
            row["VersionKey"] = version.ToUpperInvariant();
        }

        var inBlob = false;
        foreach (var name in new[] { "Input", "Output", "CustomStatus" })
        {
            CopyIfPresent(statusEntity, row, name);
            inBlob |= Payloads.IsInBlob(statusEntity, name);
        }

        if (inBlob)
        {
            row["PayloadsInStatus"] = true;
        }

        return row;
    }

    /// <summary>The record a query row holds (payloads only when the row has them); also the record part of a status row,
    /// which stores it under the same names.</summary>
    public static InstanceRecord ToRecord(TableEntity row) => new()
    {
        InstanceId = row.GetString("Id") ?? string.Empty,
        Name = row.GetString("Name") ?? string.Empty,
        ExecutionId = row.GetString("ExecutionId") ?? string.Empty,
        Status = (OrchestrationRuntimeStatus)(row.GetInt32("Status") ?? 0),
        Input = row.GetString("Input"),
        Output = row.GetString("Output"),
        CustomStatus = row.GetString("CustomStatus"),
        ParentInstanceId = row.GetString("ParentInstanceId"),
        OrchestrationVersion = row.GetString("OrchestrationVersion"),
        CreatedAt = StatusRow.Time(row.GetInt64("CreatedAt")) ?? default,
        LastUpdatedAt = StatusRow.Time(row.GetInt64("LastUpdatedAt")) ?? default,
        CompletedAt = StatusRow.Time(row.GetInt64("CompletedAt")),
        Version = row.GetInt64("Version") ?? 0,
    };

    private static void CopyIfPresent(TableEntity from, TableEntity to, params string[] names)
    {
        foreach (var name in names)
        {
            if (from.TryGetValue(name, out var value) && value is not null)
            {
                to[name] = value;
            }
        }
    }
}
