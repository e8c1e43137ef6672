namespace OrleansWorkflows.Runtime;

/// <summary>A request to run one activity call (engine plumbing).</summary>
[GenerateSerializer, Immutable, Alias("ow.ActivityRequest")]
public sealed record ActivityRequest
{
    /// <summary>The calling instance.</summary>
    [Id(0)] public required string InstanceId { get; init; }

    /// <summary>The calling execution.</summary>
    [Id(1)] public required string ExecutionId { get; init; }

    /// <summary>The task's sequence number in that execution.</summary>
    [Id(2)] public required int TaskId { get; init; }

    /// <summary>The activity name.</summary>
    [Id(3)] public required string Name { get; init; }

    /// <summary>The JSON input.</summary>
    [Id(4)] public string? Input { get; init; }

    /// <summary>The attempt number under the caller's retry policy, 1-based.</summary>
    [Id(5)] public int Attempt { get; init; } = 1;

    /// <summary>The W3C trace parent of the call (the orchestration's span of it), if the orchestration traces: the
    /// activity runs under a span that is its child.</summary>
    [Id(6)] public string? TraceParent { get; init; }

    /// <summary>Identifies the call: (instance, execution, task). A worker runs a call with a given key once at a time.</summary>
    public string CallKey => $"{ExecutionId}/{TaskId}/{InstanceId}";
}
