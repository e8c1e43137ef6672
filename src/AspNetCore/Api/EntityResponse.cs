using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace OrleansWorkflows.Gateway.Api;

/// <summary>An entity in a listing (Durable Functions shape); <c>state</c> only with <c>fetchState=true</c>.</summary>
internal sealed record EntityResponse(
    [property: JsonPropertyName("entityId")] EntityIdResponse EntityId,
    [property: JsonPropertyName("lastOperationTime")] string LastOperationTime,
    [property: JsonPropertyName("state"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonNode? State)
{
    /// <summary>Maps an entity's index entry (id <c>@name@key</c>, state as the input); <c>null</c> when it is not an entity.</summary>
    public static EntityResponse? From(OrchestrationMetadata entry, bool withState) =>
        OrleansWorkflows.EntityId.TryParse(entry.InstanceId, out var id)
            ? new EntityResponse(
                new EntityIdResponse(id.Name, id.Key),
                ApiFormat.Seconds(entry.LastUpdatedAt),
                withState ? ApiFormat.Payload(entry.SerializedInput) : null)
            : null;
}

/// <summary>The <c>entityId</c> of a listed entity.</summary>
internal sealed record EntityIdResponse(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("key")] string Key);
