namespace OrleansWorkflows;

/// <summary>What a client can read of an existing entity.</summary>
[GenerateSerializer, Immutable, Alias("ow.EntityMetadata")]
public sealed record EntityMetadata
{
    /// <summary>The entity id.</summary>
    [Id(0)] public required EntityId Id { get; init; }

    /// <summary>When the state last changed, UTC.</summary>
    [Id(1)] public DateTime LastModifiedAt { get; init; }

    /// <summary>The state JSON, when requested.</summary>
    [Id(2)] public string? SerializedState { get; init; }

    /// <summary>The orchestration instance holding a lock on the entity, if any.</summary>
    [Id(3)] public string? LockedBy { get; init; }

    /// <summary>Messages received and not yet processed (for example queued behind a lock).</summary>
    [Id(4)] public int BacklogQueueSize { get; init; }

    /// <summary>Deserializes the state.</summary>
    /// <typeparam name="T">The state type.</typeparam>
    public T? ReadStateAs<T>() => WorkflowJson.Deserialize<T>(SerializedState);
}
