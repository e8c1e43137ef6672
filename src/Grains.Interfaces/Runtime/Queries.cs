namespace OrleansWorkflows;

/// <summary>
/// Which instances to list: every set condition must hold. Served from the store's instance index, page by page, in
/// creation order; pass the previous page's <see cref="OrchestrationQueryResult.ContinuationToken"/> for the next.
/// </summary>
[GenerateSerializer, Immutable, Alias("ow.OrchestrationQuery")]
public sealed record OrchestrationQuery
{
    /// <summary>Only these runtime statuses; <c>null</c> or empty for any.</summary>
    [Id(0)] public IReadOnlyList<OrchestrationRuntimeStatus>? Statuses { get; init; }

    /// <summary>Only this orchestration name (case-insensitive).</summary>
    [Id(1)] public string? Name { get; init; }

    /// <summary>Created at or after this time (UTC).</summary>
    [Id(2)] public DateTime? CreatedFrom { get; init; }

    /// <summary>Created at or before this time (UTC).</summary>
    [Id(3)] public DateTime? CreatedTo { get; init; }

    /// <summary>Only instance ids starting with this prefix.</summary>
    [Id(4)] public string? InstanceIdPrefix { get; init; }

    /// <summary>The most instances per page, 1 to 1,000 (default 100).</summary>
    [Id(5)] public int PageSize { get; init; } = 100;

    /// <summary>The token of the previous page, or <c>null</c> for the first page.</summary>
    [Id(6)] public string? ContinuationToken { get; init; }

    /// <summary>Include inputs, outputs and custom status.</summary>
    [Id(7)] public bool IncludeInputsAndOutputs { get; init; }

    /// <summary>Only instances running this orchestration version (case-insensitive); <c>null</c> for any. Unversioned
    /// instances (and those written before versions were stored) match no version.</summary>
    [Id(8)] public string? Version { get; init; }
}

/// <summary>One page of instances.</summary>
/// <param name="Instances">The instances of this page.</param>
/// <param name="ContinuationToken">The token for the next page; <c>null</c> on the last page.</param>
[GenerateSerializer, Immutable, Alias("ow.OrchestrationQueryResult")]
public sealed record OrchestrationQueryResult(
    [property: Id(0)] IReadOnlyList<OrchestrationMetadata> Instances,
    [property: Id(1)] string? ContinuationToken);

/// <summary>One page of an instance's history.</summary>
/// <param name="SerializedEvents">The events as a JSON array (the persisted history contract).</param>
/// <param name="NextSkip">Where the next page starts, or <c>null</c> on the last page.</param>
[GenerateSerializer, Immutable, Alias("ow.HistoryPage")]
public sealed record HistoryPage([property: Id(0)] string SerializedEvents, [property: Id(1)] int? NextSkip);

/// <summary>Which finished instances to purge: created in [<see cref="CreatedFrom"/>, <see cref="CreatedTo"/>] with one of the statuses.</summary>
/// <param name="CreatedFrom">Created at or after (UTC).</param>
/// <param name="CreatedTo">Created at or before (UTC); <c>null</c> for no upper bound.</param>
/// <param name="Statuses">Finished statuses to purge; <c>null</c> for Completed, Failed, Canceled and Terminated. Unfinished statuses are ignored.</param>
public sealed record PurgeFilter(DateTime CreatedFrom, DateTime? CreatedTo = null, IReadOnlyList<OrchestrationRuntimeStatus>? Statuses = null);
