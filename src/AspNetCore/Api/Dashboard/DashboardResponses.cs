using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace OrleansWorkflows.Gateway.Api;

/// <summary>The registered names the start and signal forms offer; <c>known</c> is false when this host has no registry.</summary>
internal sealed record CatalogResponse(
    [property: JsonPropertyName("known")] bool Known,
    [property: JsonPropertyName("orchestrations")] IReadOnlyList<string> Orchestrations,
    [property: JsonPropertyName("entities")] IReadOnlyList<string> Entities);

/// <summary>One row of the instances list (no payloads: the instance page reads them).</summary>
internal sealed record InstanceRow(
    [property: JsonPropertyName("instanceId")] string InstanceId,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("runtimeStatus")] string RuntimeStatus,
    [property: JsonPropertyName("createdTime")] string CreatedTime,
    [property: JsonPropertyName("lastUpdatedTime")] string LastUpdatedTime,
    [property: JsonPropertyName("parentInstanceId")] string? ParentInstanceId,
    [property: JsonPropertyName("version")] string? Version)
{
    public static InstanceRow From(OrchestrationMetadata instance) => new(
        instance.InstanceId,
        instance.Name,
        instance.RuntimeStatus.ToString(),
        ApiFormat.Seconds(instance.CreatedAt),
        ApiFormat.Seconds(instance.LastUpdatedAt),
        instance.ParentInstanceId,
        instance.Version);
}

/// <summary>Instances per status; <c>complete</c> is false when the walk stopped at its budget (the counts are then lower bounds).</summary>
internal sealed record StatusCountsResponse(
    [property: JsonPropertyName("counts")] IReadOnlyDictionary<string, long> Counts,
    [property: JsonPropertyName("complete")] bool Complete,
    [property: JsonPropertyName("scanned")] long Scanned);

/// <summary>
/// An entity: its state and last operation time from the index, its lock holder and backlog from the entity itself
/// (<c>null</c> when it could not be read).
/// </summary>
internal sealed record EntityRow(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("state")] JsonNode? State,
    [property: JsonPropertyName("lastOperationTime")] string LastOperationTime,
    [property: JsonPropertyName("lockedBy")] string? LockedBy,
    [property: JsonPropertyName("backlog")] int? Backlog);

/// <summary>The cluster: silos and activations per grain type.</summary>
internal sealed record ClusterResponse(
    [property: JsonPropertyName("silos")] IReadOnlyList<SiloRow> Silos,
    [property: JsonPropertyName("grainTypes")] IReadOnlyList<GrainTypeRow> GrainTypes);

/// <summary>A silo of the membership table.</summary>
internal sealed record SiloRow(
    [property: JsonPropertyName("address")] string Address,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("host")] string? Host,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("startTime")] string StartTime,
    [property: JsonPropertyName("lastAliveTime")] string? LastAliveTime,
    [property: JsonPropertyName("activations")] int Activations);

/// <summary>Activations of one grain type, in total and per silo address.</summary>
internal sealed record GrainTypeRow(
    [property: JsonPropertyName("grainType")] string GrainType,
    [property: JsonPropertyName("activations")] int Activations,
    [property: JsonPropertyName("perSilo")] IReadOnlyDictionary<string, int> PerSilo);

/// <summary>
/// An instance's timeline: its current execution's span (<c>end</c> null while it runs), its parent, and the bars in
/// history order. <c>truncated</c> is true when the history was longer than the timeline reads.
/// </summary>
internal sealed record TimelineResponse(
    [property: JsonPropertyName("instanceId")] string InstanceId,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("parentInstanceId")] string? ParentInstanceId,
    [property: JsonPropertyName("start")] string? Start,
    [property: JsonPropertyName("end")] string? End,
    [property: JsonPropertyName("bars")] IReadOnlyList<TimelineBar> Bars,
    [property: JsonPropertyName("events")] int Events,
    [property: JsonPropertyName("truncated")] bool Truncated);

/// <summary>
/// One bar of a timeline: its kind (orchestration, activity, timer, suborchestration, entity, lock, event, suspension,
/// rewind), name, the sequence number that ties its events together, start and end (equal for a point; <c>null</c>
/// while pending), status (running, completed, failed, fired, granted, received, sent, signaled, terminated, ...), the
/// attempt of an activity, the target (child instance, entity or receiver) and a detail (failure message, due time).
/// </summary>
internal sealed record TimelineBar(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("sequence")] int? Sequence,
    [property: JsonPropertyName("start")] string? Start,
    [property: JsonPropertyName("end")] string? End,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("attempt")] int? Attempt,
    [property: JsonPropertyName("target")] string? Target,
    [property: JsonPropertyName("detail")] string? Detail);
