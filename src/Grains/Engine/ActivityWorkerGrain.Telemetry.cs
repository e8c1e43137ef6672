using System.Diagnostics;
using OrleansWorkflows.Runtime;

namespace OrleansWorkflows.Engine;

/// <summary>
/// Telemetry of an activity execution: a server span, the child of the orchestration's span of the call (the request's
/// <see cref="ActivityRequest.TraceParent"/>), current while the activity's code runs (so what it calls — HTTP, a
/// database — joins the instance's trace); its duration and failures as metrics. Executions are real (at least once),
/// not replayed: a re-run after a lost worker writes a span of its own.
/// </summary>
internal sealed partial class ActivityWorkerGrain
{
    private static Activity? StartSpan(ActivityRequest request)
    {
        if (!TraceIds.TryParse(request.TraceParent, out var parent) || !WorkflowTelemetry.Tracing)
        {
            return null;
        }

        // The tags given at the start (appended once; SetTag would search the span's list for each).
        KeyValuePair<string, object?>[] tags =
        [
            new(SpanWriter.TypeTag, "activity"),
            new(SpanWriter.NameTag, request.Name),
            new(SpanWriter.InstanceIdTag, request.InstanceId),
            new(SpanWriter.ExecutionIdTag, request.ExecutionId),
            new(SpanWriter.TaskIdTag, SpanParts.Boxed(request.TaskId)),
            new(SpanWriter.AttemptTag, SpanParts.Boxed(request.Attempt)),
        ];
        return WorkflowTelemetry.Source.StartActivity(SpanParts.Name("activity", request.Name), ActivityKind.Server, parent, tags);
    }

    private static void RecordExecution(ActivityRequest request, long began, Activity? span, Exception? failure)
    {
        var name = new KeyValuePair<string, object?>(WorkflowMetrics.NameTag, request.Name);
        WorkflowMetrics.RecordSince(
            WorkflowMetrics.ActivityDuration, began, name, new KeyValuePair<string, object?>(WorkflowMetrics.OutcomeTag, failure is null ? "completed" : "failed"));
        if (failure is not null)
        {
            WorkflowMetrics.ActivityFailures.Add(1, name);
            span?.SetStatus(ActivityStatusCode.Error, failure.Message);
            span?.AddException(failure);
        }
    }
}
