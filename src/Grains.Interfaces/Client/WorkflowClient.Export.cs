using System.Text;
using System.Text.Json;
using OrleansWorkflows.Runtime;

namespace OrleansWorkflows;

public sealed partial class WorkflowClient
{
    /// <summary>The format version of <see cref="ExportHistoryAsync"/>'s document (its <c>"v"</c>).</summary>
    public const int HistoryExportVersion = 1;

    /// <summary>
    /// An instance's whole history as one JSON document — <c>{"v":1,"instanceId":"...","events":[...]}</c>, the events in
    /// the engine's persisted contract — for replay tests (<c>WorkflowReplayer</c> of OrleansWorkflows.Testing, and the
    /// replay gate) against changed orchestrator code. Read page by page, so any length works.
    /// </summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="cancellationToken">Cancels the wait (not the reads already sent).</param>
    /// <returns>The JSON document (UTF-8 text).</returns>
    /// <exception cref="WorkflowClientException"><see cref="OperationOutcome.NotFound"/> for an unknown instance.</exception>
    public async Task<string> ExportHistoryAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("v", HistoryExportVersion);
            writer.WriteString("instanceId", instanceId);
            writer.WriteStartArray("events");
            int? skip = 0;
            while (skip is { } from)
            {
                var page = await GetHistoryAsync(instanceId, from, 1000, cancellationToken);
                using var events = JsonDocument.Parse(page.SerializedEvents);
                foreach (var e in events.RootElement.EnumerateArray())
                {
                    // As stored: the export is the persisted contract, byte for byte per event.
                    writer.WriteRawValue(e.GetRawText(), skipInputValidation: true);
                }

                skip = page.NextSkip;
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
