using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace OrleansWorkflows.Gateway.Api;

/// <summary>
/// The status object of an instance (Durable Functions shape). <c>input</c>, <c>customStatus</c> and <c>output</c> are
/// always present (null when empty); <c>historyEvents</c> only when history was asked for; <c>version</c> (the
/// orchestration version it runs) only when set; <c>waitingFor</c> only while the instance is held up by something outside
/// its code (a version no silo registers, no remote worker serves it, a scheduled start).
/// </summary>
internal sealed record InstanceStatusResponse(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("instanceId")] string InstanceId,
    [property: JsonPropertyName("runtimeStatus")] string RuntimeStatus,
    [property: JsonPropertyName("input")] JsonNode? Input,
    [property: JsonPropertyName("customStatus")] JsonNode? CustomStatus,
    [property: JsonPropertyName("output")] JsonNode? Output,
    [property: JsonPropertyName("createdTime")] string CreatedTime,
    [property: JsonPropertyName("lastUpdatedTime")] string LastUpdatedTime,
    [property: JsonPropertyName("historyEvents"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonArray? HistoryEvents,
    [property: JsonPropertyName("version"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Version = null,
    [property: JsonPropertyName("waitingFor"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? WaitingFor = null)
{
    /// <summary>Maps the engine's status to the HTTP contract.</summary>
    public static InstanceStatusResponse From(OrchestrationMetadata status, StatusView view)
    {
        ArgumentNullException.ThrowIfNull(status);
        return new InstanceStatusResponse(
            status.Name,
            status.InstanceId,
            status.RuntimeStatus.ToString(),
            view.ShowInput ? ApiFormat.Payload(status.SerializedInput) : null,
            ApiFormat.Payload(status.SerializedCustomStatus),
            OutputOf(status),
            ApiFormat.Seconds(status.CreatedAt),
            ApiFormat.Seconds(status.LastUpdatedAt),
            view.ShowHistory ? HistoryMapper.Map(status.SerializedHistory, view.ShowHistoryOutput) : null,
            status.Version,
            status.WaitingFor);
    }

    /// <summary>The output; for a failed instance, its failure (type, message, stack, inner failure).</summary>
    private static JsonNode? OutputOf(OrchestrationMetadata status) =>
        status is { RuntimeStatus: OrchestrationRuntimeStatus.Failed, FailureDetails: { } failure }
            ? JsonSerializer.SerializeToNode(failure, WorkflowJson.Options)
            : ApiFormat.Payload(status.SerializedOutput);
}

/// <summary>Which optional parts of a status object to show.</summary>
internal sealed record StatusView(bool ShowInput = true, bool ShowHistory = false, bool ShowHistoryOutput = false);
