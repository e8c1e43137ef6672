using System.Text.Json;
using OrleansWorkflows.History;

namespace OrleansWorkflows.Testing;

/// <summary>
/// A history file: an export document (<c>{"v":1,"instanceId":"...","events":[...]}</c>) or a bare JSON array of events.
/// Only the last execution counts (a continue-as-new starts a new one).
/// </summary>
internal sealed record HistoryDocument(string? InstanceId, ExecutionStarted Started, IReadOnlyList<HistoryEvent> Events)
{
    /// <summary>Reads <paramref name="json"/>; a <see cref="JsonException"/> says what is wrong with it.</summary>
    public static HistoryDocument Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        string? instanceId = null;
        JsonElement events;
        if (root.ValueKind == JsonValueKind.Object)
        {
            if (root.TryGetProperty("v", out var version) && (version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var v) || v != WorkflowClient.HistoryExportVersion))
            {
                throw new JsonException($"Unsupported history export version {version}; this kit reads version {WorkflowClient.HistoryExportVersion}.");
            }

            instanceId = root.TryGetProperty("instanceId", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
            if (!root.TryGetProperty("events", out events) || events.ValueKind != JsonValueKind.Array)
            {
                throw new JsonException("A history export needs an \"events\" array.");
            }
        }
        else if (root.ValueKind == JsonValueKind.Array)
        {
            events = root;
        }
        else
        {
            throw new JsonException("A history is a JSON array of events or an export document with an \"events\" array.");
        }

        IReadOnlyList<HistoryEvent> all;
        try
        {
            all = HistorySerializer.DeserializeHistory(events.GetRawText());
        }
        catch (NotSupportedException ex)
        {
            throw new JsonException(ex.Message, ex);
        }

        var start = -1;
        for (var i = 0; i < all.Count; i++)
        {
            if (all[i] is ExecutionStarted)
            {
                start = i;
            }
        }

        if (start < 0)
        {
            throw new JsonException("The history has no ExecutionStarted event.");
        }

        // The OrchestratorStarted just before ExecutionStarted opens the first episode of that execution.
        var from = start > 0 && all[start - 1] is OrchestratorStarted ? start - 1 : start;
        return new HistoryDocument(instanceId, (ExecutionStarted)all[start], [.. all.Skip(from)]);
    }
}
