using System.Text.Json;

namespace OrleansWorkflows.Entities;

/// <summary>
/// An entity's bookkeeping, kept as JSON in its store record's <c>EngineState</c>: sequence numbers sent to and
/// applied from each peer, the outbox id counter, and the lock owner.
/// </summary>
internal sealed class EntityEngineState : Engine.MessageBookkeeping
{
    /// <summary>The orchestration instance holding the lock, if any: only its messages run while it holds it.</summary>
    public string? LockOwner { get; set; }

    /// <summary>The execution of <see cref="LockOwner"/> that was granted the lock.</summary>
    public string? LockExecutionId { get; set; }

    public static EntityEngineState Parse(string? json) =>
        string.IsNullOrEmpty(json) ? new EntityEngineState() : JsonSerializer.Deserialize<EntityEngineState>(json, WorkflowJson.Options) ?? new EntityEngineState();

    public string ToJson() => JsonSerializer.Serialize(this, WorkflowJson.Options);

    public EntityEngineState Clone() => CopyTo(new EntityEngineState { LockOwner = LockOwner, LockExecutionId = LockExecutionId });
}
