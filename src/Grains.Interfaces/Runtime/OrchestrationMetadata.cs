namespace OrleansWorkflows;

/// <summary>The status of an orchestration instance as kept with its status record.</summary>
[GenerateSerializer, Immutable, Alias("ow.OrchestrationMetadata")]
public sealed record OrchestrationMetadata
{
    /// <summary>The instance id.</summary>
    [Id(0)] public required string InstanceId { get; init; }

    /// <summary>The orchestration name.</summary>
    [Id(1)] public required string Name { get; init; }

    /// <summary>The runtime status.</summary>
    [Id(2)] public required OrchestrationRuntimeStatus RuntimeStatus { get; init; }

    /// <summary>The current execution id.</summary>
    [Id(3)] public required string ExecutionId { get; init; }

    /// <summary>When the instance (its first execution) was created, UTC.</summary>
    [Id(4)] public DateTime CreatedAt { get; init; }

    /// <summary>When the status last changed, UTC.</summary>
    [Id(5)] public DateTime LastUpdatedAt { get; init; }

    /// <summary>The JSON input, when requested.</summary>
    [Id(6)] public string? SerializedInput { get; init; }

    /// <summary>The JSON output (for a failed instance: its failure details as JSON), when requested.</summary>
    [Id(7)] public string? SerializedOutput { get; init; }

    /// <summary>The JSON custom status.</summary>
    [Id(8)] public string? SerializedCustomStatus { get; init; }

    /// <summary>The failure, for a failed instance.</summary>
    [Id(9)] public FailureDetails? FailureDetails { get; init; }

    /// <summary>The parent instance, for a sub-orchestration.</summary>
    [Id(10)] public string? ParentInstanceId { get; init; }

    /// <summary>The history of the current execution as a JSON array (the persisted history contract), when requested.</summary>
    [Id(11)] public string? SerializedHistory { get; init; }

    /// <summary>The orchestration version the current execution runs (recorded when it started); <c>null</c> for an
    /// unversioned instance.</summary>
    [Id(12)] public string? Version { get; init; }

    /// <summary>
    /// What an unfinished instance is held up by outside its own code, when the engine knows it, else <c>null</c>: a
    /// version no silo of the cluster registers (see <see cref="MissingVersionPolicy.Wait"/>), a remote worker
    /// (<c>"a worker for orchestration 'X'"</c>, <c>"a worker for activity 'Y'"</c>: no connected Durable Task worker
    /// serves it) or its scheduled start time. Read from the running instance, never stored.
    /// </summary>
    [Id(13)] public string? WaitingFor { get; init; }

    /// <summary>True when the instance is finished (Completed, Failed, Canceled or Terminated).</summary>
    public bool IsCompleted => RuntimeStatus.IsTerminal();

    /// <summary>Deserializes the output.</summary>
    /// <typeparam name="T">The output type.</typeparam>
    public T? ReadOutputAs<T>() => WorkflowJson.Deserialize<T>(SerializedOutput);

    /// <summary>Deserializes the custom status.</summary>
    /// <typeparam name="T">The custom status type.</typeparam>
    public T? ReadCustomStatusAs<T>() => WorkflowJson.Deserialize<T>(SerializedCustomStatus);
}
