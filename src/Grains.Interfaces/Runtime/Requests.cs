namespace OrleansWorkflows.Runtime;

/// <summary>A request to start an orchestration instance (engine plumbing behind the client facade).</summary>
[GenerateSerializer, Immutable, Alias("ow.StartRequest")]
public sealed record StartRequest
{
    /// <summary>The orchestration name.</summary>
    [Id(0)] public required string Name { get; init; }

    /// <summary>The JSON input.</summary>
    [Id(1)] public string? Input { get; init; }

    /// <summary>The orchestration version recorded in history.</summary>
    [Id(2)] public string? Version { get; init; }

    /// <summary>The caller's W3C trace parent, recorded in history.</summary>
    [Id(3)] public string? TraceParent { get; init; }

    /// <summary>
    /// The caller's id for this request, or <c>null</c>. A start repeated with the request id the instance was started
    /// with (a retry after a lost answer) is answered as the same start, even after the instance finished or continued.
    /// </summary>
    [Id(4)] public string? RequestId { get; init; }

    /// <summary>When the instance starts (UTC), or <c>null</c> for now (see <see cref="StartOrchestrationOptions.ScheduledStartTime"/>).</summary>
    [Id(5)] public DateTime? ScheduledStartTime { get; init; }
}

/// <summary>The outcome of an engine operation on an instance.</summary>
public enum OperationOutcome
{
    /// <summary>Done (or accepted durably).</summary>
    Accepted = 0,

    /// <summary>No such instance.</summary>
    NotFound = 1,

    /// <summary>The id is in use by a Pending, Running or Suspended instance.</summary>
    AlreadyExists = 2,

    /// <summary>No orchestration with that name is registered.</summary>
    UnknownOrchestration = 3,

    /// <summary>The instance is finished and takes no more events.</summary>
    InstanceFinished = 4,

    /// <summary>The request is malformed (bad JSON, bad name).</summary>
    InvalidInput = 5,

    /// <summary>The instance exists but its state does not allow the operation (e.g. rewinding an instance that did not fail).</summary>
    NotAllowed = 6,
}

/// <summary>The result of an engine operation: an outcome and a human-readable reason.</summary>
/// <param name="Outcome">The outcome.</param>
/// <param name="Detail">Why, when not accepted; the execution id when a start was accepted.</param>
[GenerateSerializer, Immutable, Alias("ow.OperationResult")]
public sealed record OperationResult([property: Id(0)] OperationOutcome Outcome, [property: Id(1)] string? Detail = null)
{
    /// <summary>An accepted result.</summary>
    public static OperationResult Ok { get; } = new(OperationOutcome.Accepted);
}
