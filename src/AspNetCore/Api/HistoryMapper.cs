using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrleansWorkflows.Gateway.Api;

/// <summary>
/// Maps the engine's persisted history (a JSON array of events with an <c>eventType</c> discriminator, camelCase) to
/// the Durable Functions <c>historyEvents</c> shape: PascalCase, <c>OrchestratorStarted</c> omitted, each scheduling
/// event folded into its completion (which gains <c>FunctionName</c> and <c>ScheduledTime</c>), payloads only with
/// <c>showHistoryOutput</c>. Written defensively: unknown event types pass through with their type and timestamp,
/// missing fields are skipped, and a history that is not a JSON array maps to an empty list.
/// </summary>
internal static class HistoryMapper
{
    private static readonly JsonNodeOptions ReadOptions = new() { PropertyNameCaseInsensitive = true };
    private static readonly HashSet<string> Omitted = new(StringComparer.OrdinalIgnoreCase) { "OrchestratorStarted", "OrchestratorCompleted" };

    public static JsonArray Map(string? historyJson, bool showHistoryOutput)
    {
        var events = Parse(historyJson);
        var completedIds = events.Select(HistoryEventShape.CompletedId).OfType<int>().ToHashSet();
        var scheduled = new Dictionary<int, JsonObject>();
        var result = new JsonArray();
        foreach (var source in events)
        {
            if (Omitted.Contains(HistoryEventShape.EventType(source)))
            {
                continue;
            }

            if (HistoryEventShape.SchedulingId(source) is { } eventId)
            {
                scheduled[eventId] = source;
                if (completedIds.Contains(eventId))
                {
                    continue;
                }
            }

            var origin = HistoryEventShape.CompletedId(source) is { } id ? scheduled.GetValueOrDefault(id) : null;
            result.Add(HistoryEventShape.ToDurable(source, origin, showHistoryOutput));
        }

        return result;
    }

    private static List<JsonObject> Parse(string? historyJson)
    {
        if (string.IsNullOrWhiteSpace(historyJson))
        {
            return [];
        }

        try
        {
            return JsonNode.Parse(historyJson, ReadOptions) is JsonArray array ? [.. array.OfType<JsonObject>()] : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
