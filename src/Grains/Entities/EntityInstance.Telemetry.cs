using System.Diagnostics;
using OrleansWorkflows.Runtime;

namespace OrleansWorkflows.Entities;

/// <summary>
/// Telemetry of the entity: one server span per operation that carries a caller's trace context (an orchestration's call
/// or signal, a traced client's signal), written once its batch committed (a batch abandoned before its commit runs its
/// operations again and writes their spans then); commit measurements; its mailbox in the backlog gauges. Operations are
/// not replayed, so their spans have real start times and random ids.
/// </summary>
internal sealed partial class EntityInstance
{
    private List<FinishedSpan>? _operationSpans;

    /// <summary>The mailbox's place in the backlog gauges (<c>null</c> while nobody observes them).</summary>
    private MailboxRegistry.Registration? _backlog;

    /// <summary>The activation ends: its mailbox leaves the backlog gauges.</summary>
    public void Deactivated()
    {
        MailboxBacklog.Unregister(_backlog);
        _backlog = null;
    }

    /// <summary>When an operation began (wall clock), or <c>null</c> when it gets no span.</summary>
    private static DateTime? OperationStarting(WorkflowMessage message) =>
        message.TraceParent is not null && WorkflowTelemetry.Tracing ? TimeProvider.System.GetUtcNow().UtcDateTime : null;

    private void OperationEnded(WorkflowMessage message, DateTime? began, FailureDetails? failure)
    {
        if (began is not { } start || !TraceIds.TryParse(message.TraceParent, out var parent))
        {
            return;
        }

        KeyValuePair<string, object?>[] tags =
        [
            new(SpanWriter.TypeTag, "entity"),
            new(SpanWriter.NameTag, message.Name),
            new(SpanWriter.EntityIdTag, Key),
        ];
        (_operationSpans ??= []).Add(new FinishedSpan(
            SpanParts.Name("entity", message.Name), ActivityKind.Server, parent, ActivitySpanId.CreateRandom(), null, start, TimeProvider.System.GetUtcNow().UtcDateTime, tags, failure?.ErrorMessage));
    }

    private void WriteOperationSpans()
    {
        if (_operationSpans is not { Count: > 0 } spans)
        {
            return;
        }

        foreach (var span in spans)
        {
            SpanWriter.Write(span);
        }

        spans.Clear();
    }

    private static void RecordCommit(long began, int rows)
    {
        var kind = new KeyValuePair<string, object?>(WorkflowMetrics.KindTag, "entity");
        WorkflowMetrics.RecordSince(WorkflowMetrics.CommitDuration, began, kind);
        if (WorkflowMetrics.CommitSize.Enabled)
        {
            WorkflowMetrics.CommitSize.Record(rows, kind);
        }
    }
}
