using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansWorkflows.History;

/// <summary>
/// The one persisted contract of history: used by the stores, golden test files, export and the HTTP history view.
/// camelCase properties, enum values as names, <c>eventType</c> discriminator.
/// </summary>
public static class HistorySerializer
{
    /// <summary>The options of the history contract.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        AllowOutOfOrderMetadataProperties = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Serializes one event.</summary>
    /// <param name="historyEvent">The event.</param>
    public static string Serialize(HistoryEvent historyEvent) => JsonSerializer.Serialize(historyEvent, Options);

    /// <summary>Deserializes one event.</summary>
    /// <param name="json">The JSON.</param>
    public static HistoryEvent Deserialize(string json) =>
        JsonSerializer.Deserialize<HistoryEvent>(json, Options) ?? throw new JsonException("A history event must not be null.");

    /// <summary>Serializes a history as a JSON array.</summary>
    /// <param name="history">The events.</param>
    public static string SerializeHistory(IEnumerable<HistoryEvent> history) => JsonSerializer.Serialize(history.ToList(), Options);

    /// <summary>Deserializes a JSON array of events.</summary>
    /// <param name="json">The JSON array.</param>
    public static IReadOnlyList<HistoryEvent> DeserializeHistory(string json) =>
        JsonSerializer.Deserialize<List<HistoryEvent>>(json, Options) ?? [];
}
