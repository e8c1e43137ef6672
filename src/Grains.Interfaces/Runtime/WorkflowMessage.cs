using System.Text.Json.Serialization;

namespace OrleansWorkflows.Runtime;

/// <summary>The kind of an engine message delivered to an orchestration grain.</summary>
public enum WorkflowMessageKind
{
    /// <summary>An activity returned a result.</summary>
    ActivityCompleted = 0,

    /// <summary>An activity threw.</summary>
    ActivityFailed = 1,

    /// <summary>A sub-orchestration completed.</summary>
    SubOrchestrationCompleted = 2,

    /// <summary>A sub-orchestration failed (or could not be started).</summary>
    SubOrchestrationFailed = 3,

    /// <summary>An external event (from a client or another orchestration).</summary>
    EventRaised = 4,

    /// <summary>A parent asks this instance to start as its sub-orchestration.</summary>
    StartSubOrchestration = 5,

    /// <summary>A parent terminating recursively asks its sub-orchestration to terminate.</summary>
    Terminate = 6,

    /// <summary>A parent being rewound asks a sub-orchestration it waits for again to rewind, start afresh or report to
    /// the parent's new execution (carries the parent's new execution id, the task id, and the child's name and input).</summary>
    Rewind = 7,

    /// <summary>Wakes an orchestration instance to run an episode (for example to commit a failure found outside one);
    /// applies nothing. Older versions sent an <see cref="EventRaised"/> named <c>$ow-wake</c> instead, still understood.</summary>
    Wake = 8,

    /// <summary>A one-way operation on an entity (from a client, an orchestration or an entity). Entity kinds start at 100.</summary>
    EntitySignal = 100,

    /// <summary>An orchestration calls an entity operation; the entity answers with <see cref="EntityResponse"/>.</summary>
    EntityCall = 101,

    /// <summary>An orchestration asks to lock an entity; the entity answers with <see cref="EntityLockGranted"/>.</summary>
    EntityLock = 102,

    /// <summary>The lock owner releases its lock on an entity.</summary>
    EntityUnlock = 103,

    /// <summary>An entity answers a call: the result in the payload, or the failure.</summary>
    EntityResponse = 104,

    /// <summary>An entity granted a lock to the orchestration that asked.</summary>
    EntityLockGranted = 105,

    /// <summary>An entity starts an orchestration (not as a child).</summary>
    StartOrchestration = 106,

    /// <summary>An orchestration execution ended (completed, failed, terminated or continued as new) and tells each entity
    /// it sent to, after all its earlier messages, so the entity can forget its watermark for that sender.</summary>
    SenderFinished = 107,
}

/// <summary>
/// An engine message between workflow grains (engine plumbing, not for user code). Messages from another workflow grain
/// carry <see cref="Sender"/> and a per-receiver <see cref="Sequence"/>: the receiver drops duplicates and applies each
/// sender's messages in sequence order. Results carry the execution id and task id they answer, so a result for another
/// execution or an already-completed task is ignored. Stored in inbox and outbox rows as JSON (<see cref="WorkflowJson.Options"/>)
/// with the explicit property names below and a format version <c>"v"</c>: never change a stored name.
/// </summary>
[GenerateSerializer, Immutable, Alias("ow.WorkflowMessage")]
public sealed record WorkflowMessage
{
    /// <summary>What the message says.</summary>
    [Id(0), JsonPropertyName("kind")] public required WorkflowMessageKind Kind { get; init; }

    /// <summary>The receiver's execution this message is addressed to; <c>null</c> for "whatever execution is current".</summary>
    [Id(1), JsonPropertyName("targetExecutionId")] public string? TargetExecutionId { get; init; }

    /// <summary>The task (sequence number) this message answers, for results.</summary>
    [Id(2), JsonPropertyName("taskId")] public int TaskId { get; init; }

    /// <summary>An event name or an orchestration name.</summary>
    [Id(3), JsonPropertyName("name")] public string? Name { get; init; }

    /// <summary>The JSON payload (result, event data or input).</summary>
    [Id(4), JsonPropertyName("payload")] public string? Payload { get; init; }

    /// <summary>The failure, for failed results.</summary>
    [Id(5), JsonPropertyName("failure")] public FailureDetails? Failure { get; init; }

    /// <summary>The sending workflow instance, for messages between workflow grains.</summary>
    [Id(6), JsonPropertyName("sender")] public string? Sender { get; init; }

    /// <summary>The sender's sequence number for this receiver (increasing; sent one at a time in order); 0 when not sequenced.</summary>
    [Id(7), JsonPropertyName("sequence")] public long Sequence { get; init; }

    /// <summary>For <see cref="WorkflowMessageKind.StartSubOrchestration"/>: the parent's execution id.</summary>
    [Id(8), JsonPropertyName("parentExecutionId")] public string? ParentExecutionId { get; init; }

    /// <summary>The W3C trace parent of the operation that caused this message, if any.</summary>
    [Id(9), JsonPropertyName("traceParent")] public string? TraceParent { get; init; }

    /// <summary>For entity calls, lock requests and unlocks: the calling orchestration's execution id (the response is
    /// addressed to it, and a lock is owned by it).</summary>
    [Id(20), JsonPropertyName("senderExecutionId")] public string? SenderExecutionId { get; init; }

    /// <summary>For <see cref="WorkflowMessageKind.Rewind"/>: the sub-orchestration's name, so that it can be started afresh
    /// when it cannot be rewound (absent in rewinds written before it existed, which only rewind).</summary>
    [Id(23), JsonPropertyName("orchestrationName")] public string? OrchestrationName { get; init; }

    /// <summary>For <see cref="WorkflowMessageKind.Terminate"/> and <see cref="WorkflowMessageKind.Rewind"/>: the reason
    /// (messages written before it existed carry the reason in <see cref="Name"/>).</summary>
    [Id(24), JsonPropertyName("reason")] public string? Reason { get; init; }

    /// <summary>For <see cref="WorkflowMessageKind.StartSubOrchestration"/>: the orchestration version the parent asked
    /// for; <c>null</c> (and absent from the stored JSON) for the child's default version.</summary>
    [Id(25), JsonPropertyName("version"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Version { get; init; }

    /// <summary>The format version of the stored JSON (inbox and outbox rows), written first; not sent over grain calls.</summary>
    [JsonInclude, JsonPropertyName(StoredFormat.VersionProperty), JsonPropertyOrder(-1)]
    private int FormatVersion { get => StoredFormat.Current; init => StoredFormat.Check(value, "message"); }
}
