using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansWorkflows.Engine;

/// <summary>
/// The per-instance bookkeeping kept in the status record (as JSON): message sequence numbers sent to and applied
/// from each peer instance, the outbox id counter and the parent link of the current execution.
/// </summary>
internal sealed class EngineState : MessageBookkeeping
{
    /// <summary>The parent's execution id, for a sub-orchestration.</summary>
    [JsonPropertyName("parentExecutionId")]
    public string? ParentExecutionId { get; set; }

    /// <summary>The parent's task id of the call that created this instance.</summary>
    [JsonPropertyName("parentTaskId")]
    public int? ParentTaskId { get; set; }

    /// <summary>The orchestration version of the current execution.</summary>
    [JsonPropertyName("version")]
    public string? Version { get; set; }

    /// <summary>The request id the current instance was started with, if any: a start repeated with it is the same start.</summary>
    [JsonPropertyName("startRequestId"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? StartRequestId { get; set; }

    /// <summary>The request ids of the last control requests applied (terminate, suspend, resume, rewind), oldest
    /// first: a repeat of one is answered as applied and changes nothing.</summary>
    [JsonPropertyName("controlRequestIds"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? ControlRequestIds { get; set; }

    /// <summary>The execution ids this execution was rewound from, oldest first: an entity's answer addressed to one of
    /// them still reaches the call the rewound execution waits for (see OrchestrationGrain.RewoundAnswers.cs). A new start
    /// or continue-as-new begins without them.</summary>
    [JsonPropertyName("rewoundExecutionIds"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? RewoundExecutionIds { get; set; }

    /// <summary>While the instance is Pending with a scheduled start: when it starts (UTC). <c>null</c> once it started
    /// (and for every instance started at once).</summary>
    [JsonPropertyName("scheduledStartAt"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTime? ScheduledStartAt { get; set; }

    /// <summary>The caller's W3C trace parent of a start that is committed and has not run yet, kept until it runs: a
    /// scheduled start, or the next execution of a continue-as-new (so that an activation that loads it in between still
    /// continues the caller's trace).</summary>
    [JsonPropertyName("scheduledTraceParent"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ScheduledTraceParent { get; set; }

    protected override string StoredName => "engine state";

    public static EngineState Parse(string? json)
    {
        var state = string.IsNullOrEmpty(json) ? new EngineState() : JsonSerializer.Deserialize<EngineState>(json, WorkflowJson.Options) ?? new EngineState();
        state.Upgrade();
        return state;
    }

    public string ToJson() => JsonSerializer.Serialize(this, WorkflowJson.Options);

    /// <summary>Whether this state equals <paramref name="other"/> in every stored field.</summary>
    public bool SameAs(EngineState other) =>
        ParentExecutionId == other.ParentExecutionId && ParentTaskId == other.ParentTaskId && Version == other.Version
        && StartRequestId == other.StartRequestId && ScheduledStartAt == other.ScheduledStartAt
        && ScheduledTraceParent == other.ScheduledTraceParent && SameBookkeeping(other)
        && (ControlRequestIds ?? []).SequenceEqual(other.ControlRequestIds ?? [])
        && (RewoundExecutionIds ?? []).SequenceEqual(other.RewoundExecutionIds ?? []);

    public EngineState Clone() => CopyTo(new EngineState
    {
        ParentExecutionId = ParentExecutionId, ParentTaskId = ParentTaskId, Version = Version, StartRequestId = StartRequestId,
        ScheduledStartAt = ScheduledStartAt, ScheduledTraceParent = ScheduledTraceParent,
        ControlRequestIds = ControlRequestIds is null ? null : [.. ControlRequestIds],
        RewoundExecutionIds = RewoundExecutionIds is null ? null : [.. RewoundExecutionIds],
    });

    /// <summary>Whether <paramref name="executionId"/> is one this execution was rewound from.</summary>
    public bool WasRewoundFrom(string executionId) => RewoundExecutionIds?.Contains(executionId) == true;

    /// <summary>
    /// Records a rewind of the execution <paramref name="executionId"/> (replaced by a new id). When the rewound execution
    /// waits for no entity call (<paramref name="waitsForEntityCalls"/> false), no earlier execution can be owed an answer
    /// any more and the list is dropped; so it only grows while calls stay open across consecutive rewinds (one id per
    /// rewind, next to the events each rewind appends to history).
    /// </summary>
    public void RememberRewoundExecution(string executionId, bool waitsForEntityCalls) =>
        RewoundExecutionIds = waitsForEntityCalls ? [.. RewoundExecutionIds ?? [], executionId] : null;

    /// <summary>Whether a control request with <paramref name="requestId"/> was applied (among the last ones remembered).</summary>
    public bool HasControlRequest(string requestId) => ControlRequestIds?.Contains(requestId) == true;

    /// <summary>Remembers the request id of a control request being applied, forgetting the oldest beyond the limit.</summary>
    public void RememberControlRequest(string? requestId)
    {
        if (requestId is null)
        {
            return;
        }

        (ControlRequestIds ??= []).Add(requestId);
        if (ControlRequestIds.Count > MaxControlRequestIds)
        {
            ControlRequestIds.RemoveAt(0);
        }
    }

    /// <summary>How many control request ids an instance remembers (controls are rare: a finished instance takes only
    /// rewinds, so this covers every retry a client makes within its retry budget).</summary>
    private const int MaxControlRequestIds = 16;
}
