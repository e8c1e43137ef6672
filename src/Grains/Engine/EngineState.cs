using System.Text.Json;

namespace OrleansWorkflows.Engine;

/// <summary>
/// The per-instance bookkeeping kept in the status record (as JSON): message sequence numbers sent to and applied
/// from each peer instance, the outbox id counter and the parent link of the current execution.
/// </summary>
internal sealed class EngineState : MessageBookkeeping
{
    /// <summary>The parent's execution id, for a sub-orchestration.</summary>
    public string? ParentExecutionId { get; set; }

    /// <summary>The parent's task id of the call that created this instance.</summary>
    public int? ParentTaskId { get; set; }

    /// <summary>The orchestration version of the current execution.</summary>
    public string? Version { get; set; }

    /// <summary>The request id the current instance was started with, if any: a start repeated with it is the same start.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? StartRequestId { get; set; }

    public static EngineState Parse(string? json) =>
        string.IsNullOrEmpty(json) ? new EngineState() : JsonSerializer.Deserialize<EngineState>(json, WorkflowJson.Options) ?? new EngineState();

    public string ToJson() => JsonSerializer.Serialize(this, WorkflowJson.Options);

    /// <summary>Whether this state equals <paramref name="other"/> in every stored field.</summary>
    public bool SameAs(EngineState other) =>
        ParentExecutionId == other.ParentExecutionId && ParentTaskId == other.ParentTaskId && Version == other.Version
        && StartRequestId == other.StartRequestId && SameBookkeeping(other);

    public EngineState Clone() => CopyTo(new EngineState
    {
        ParentExecutionId = ParentExecutionId, ParentTaskId = ParentTaskId, Version = Version, StartRequestId = StartRequestId,
    });
}
