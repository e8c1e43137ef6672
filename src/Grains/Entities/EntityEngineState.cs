using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansWorkflows.Entities;

/// <summary>
/// An entity's bookkeeping, kept as JSON in its store record's <c>EngineState</c>: the sequence counter, the watermarks
/// applied from each live or recently finished sender, the outbox id counter, and the lock owner.
/// </summary>
internal sealed class EntityEngineState : Engine.MessageBookkeeping
{
    /// <summary>The orchestration instance holding the lock, if any: only its messages run while it holds it.</summary>
    [JsonPropertyName("lockOwner")]
    public string? LockOwner { get; set; }

    /// <summary>The execution of <see cref="LockOwner"/> that was granted the lock.</summary>
    [JsonPropertyName("lockExecutionId")]
    public string? LockExecutionId { get; set; }

    protected override string StoredName => "entity engine state";

    /// <summary>Reads the stored JSON. An entity never finishes, so it keeps no list of receivers: a state stored before the
    /// single sequence counter continues above its per-receiver numbers and drops that list.</summary>
    public static EntityEngineState Parse(string? json)
    {
        var state = string.IsNullOrEmpty(json) ? new EntityEngineState() : JsonSerializer.Deserialize<EntityEngineState>(json, WorkflowJson.Options) ?? new EntityEngineState();
        state.Upgrade();
        state.Sent.Clear();
        return state;
    }

    /// <summary>Whether this state equals <paramref name="other"/> in every stored field.</summary>
    public bool SameAs(EntityEngineState other) =>
        LockOwner == other.LockOwner && LockExecutionId == other.LockExecutionId && SameBookkeeping(other);

    public string ToJson() => JsonSerializer.Serialize(this, WorkflowJson.Options);

    public EntityEngineState Clone() => CopyTo(new EntityEngineState { LockOwner = LockOwner, LockExecutionId = LockExecutionId });
}
