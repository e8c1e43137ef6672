using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrleansWorkflows.Gateway.Api;

/// <summary>Reads one engine history event (camelCase JSON) and writes its Durable Functions shape (PascalCase).</summary>
internal static class HistoryEventShape
{
    private static readonly HashSet<string> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        "ExecutionStarted", "ExecutionCompleted", "TaskScheduled", "TaskCompleted", "TaskFailed", "TimerCreated",
        "TimerFired", "SubOrchestrationInstanceCreated", "SubOrchestrationInstanceCompleted",
        "SubOrchestrationInstanceFailed", "EventRaised", "EventSent",
    };

    public static string EventType(JsonObject source) => Text(source, "eventType") ?? "Unknown";

    /// <summary>The sequence number a scheduling event carries (<c>eventId</c>), if any.</summary>
    public static int? SchedulingId(JsonObject source) => CompletedId(source) is null ? Int(source, "eventId") : null;

    /// <summary>The sequence number a completion event answers (<c>taskScheduledId</c> or <c>timerId</c>), if any.</summary>
    public static int? CompletedId(JsonObject source) => Int(source, "taskScheduledId") ?? Int(source, "timerId");

    /// <summary>The Durable Functions shape of <paramref name="source"/>, folding in its scheduling event <paramref name="origin"/>.</summary>
    public static JsonObject ToDurable(JsonObject source, JsonObject? origin, bool showOutput)
    {
        var eventType = EventType(source);
        var target = new JsonObject { ["EventType"] = eventType };
        if (Known.Contains(eventType))
        {
            AddFields(target, source, origin, showOutput);
        }

        if (origin is not null && Time(origin, "timestamp") is { } scheduledTime)
        {
            target["ScheduledTime"] = scheduledTime;
        }

        if (Time(source, "timestamp") is { } timestamp)
        {
            target["Timestamp"] = timestamp;
        }

        return target;
    }

    private static void AddFields(JsonObject target, JsonObject source, JsonObject? origin, bool showOutput)
    {
        AddIfPresent(target, "FunctionName", Text(source, "name") ?? (origin is null ? null : Text(origin, "name")));
        AddIfPresent(target, "InstanceId", Text(source, "instanceId") ?? (origin is null ? null : Text(origin, "instanceId")));
        AddIfPresent(target, "OrchestrationStatus", Text(source, "orchestrationStatus"));
        AddIfPresent(target, "FireAt", Time(source, "fireAt"));
        if (source["failureDetails"] is JsonObject failure)
        {
            AddIfPresent(target, "Reason", Text(failure, "errorMessage"));
            if (showOutput)
            {
                target["Details"] = failure.DeepClone();
            }
        }

        if (showOutput)
        {
            CopyPayload(target, "Input", source["input"]);
            CopyPayload(target, "Result", source["result"]);
        }
    }

    /// <summary>Payloads are stored as JSON text inside a string; embed them as JSON.</summary>
    private static void CopyPayload(JsonObject target, string name, JsonNode? payload)
    {
        if (payload is JsonValue value && value.GetValueKind() == JsonValueKind.String)
        {
            target[name] = ApiFormat.Payload(value.GetValue<string>());
        }
        else if (payload is not null)
        {
            target[name] = payload.DeepClone();
        }
    }

    private static void AddIfPresent(JsonObject target, string name, string? value)
    {
        if (value is not null)
        {
            target[name] = value;
        }
    }

    private static string? Time(JsonObject source, string name) =>
        ApiFormat.ParseTime(Text(source, name)) is { } time ? ApiFormat.Precise(time) : Text(source, name);

    private static string? Text(JsonObject source, string name) => source[name] is JsonValue value
        ? value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.ToJsonString(),
            _ => null,
        }
        : null;

    private static int? Int(JsonObject source, string name) =>
        source[name] is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<int>(out var number)
            ? number
            : null;
}
