namespace OrleansWorkflows.History;

/// <summary>An execution of an instance started.</summary>
/// <param name="Name">The orchestration name.</param>
/// <param name="ExecutionId">The id of this execution; every message to it carries it.</param>
/// <param name="Input">The JSON input.</param>
public sealed record ExecutionStarted(string Name, string ExecutionId, string? Input) : HistoryEvent
{
    /// <summary>The orchestration version (for side-by-side versioning).</summary>
    public string? Version { get; init; }

    /// <summary>The parent instance, for a sub-orchestration.</summary>
    public string? ParentInstanceId { get; init; }

    /// <summary>The parent's execution id, for a sub-orchestration.</summary>
    public string? ParentExecutionId { get; init; }

    /// <summary>The parent's sequence number of the call that created this instance.</summary>
    public int? ParentTaskId { get; init; }

    /// <summary>The W3C trace parent of the caller, for end-to-end tracing.</summary>
    public string? TraceParent { get; init; }
}
