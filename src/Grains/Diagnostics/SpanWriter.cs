using System.Diagnostics;

namespace OrleansWorkflows.Diagnostics;

/// <summary>A finished span, described by history: written once, when the commit that ends it succeeded.</summary>
/// <param name="Name">The span name, e.g. <c>activity:SayHello</c>.</param>
/// <param name="Kind">Server for an orchestration, Client for a call it waits on, Internal for timers and event waits.</param>
/// <param name="Parent">The parent span's context (trace id, span id, flags).</param>
/// <param name="SpanId">The span's own (deterministic) id.</param>
/// <param name="RootTraceId">For a root span (no caller's context): the trace id to give it.</param>
/// <param name="Start">When the step began (a history timestamp).</param>
/// <param name="End">When it ended (a history timestamp).</param>
/// <param name="Tags">The span's attributes.</param>
/// <param name="Error">The failure message, when the step failed.</param>
internal sealed record FinishedSpan(
    string Name,
    ActivityKind Kind,
    System.Diagnostics.ActivityContext Parent,
    ActivitySpanId SpanId,
    ActivityTraceId? RootTraceId,
    DateTime Start,
    DateTime End,
    IReadOnlyList<KeyValuePair<string, object?>> Tags,
    string? Error);

/// <summary>
/// Writes <see cref="FinishedSpan"/>s to the engine's source with their history times: started with an explicit start
/// time, given their deterministic id, ended with an explicit end time. The caller's <see cref="Activity.Current"/> is
/// left as it was.
/// </summary>
internal static class SpanWriter
{
    /// <summary>Span attribute names (the Durable Task SDKs' names, so their tooling reads ours).</summary>
    public const string TypeTag = "durabletask.type";
    public const string NameTag = "durabletask.task.name";
    public const string InstanceIdTag = "durabletask.task.instance_id";
    public const string ExecutionIdTag = "durabletask.task.execution_id";
    public const string TaskIdTag = "durabletask.task.task_id";
    public const string StatusTag = "durabletask.runtime_status";
    public const string VersionTag = "durabletask.task.version";
    public const string AttemptTag = "durabletask.task.attempt";
    public const string FireAtTag = "durabletask.fire_at";
    public const string EntityIdTag = "durabletask.entity.id";
    public const string EventNameTag = "durabletask.event.name";

    /// <summary>
    /// Whether the source's sampler records a root span of <paramref name="traceId"/> (asked once per execution of an
    /// instance started without a caller's context, before any of its spans is written): a span is created for the
    /// question, not started, and dropped. Its children carry the answer in their parent's flags, so a parent-based
    /// sampler treats them alike, and the execution's own span, written at its end, is sampled for the same trace id.
    /// </summary>
    /// <param name="name">The execution span's name.</param>
    /// <param name="traceId">The execution's deterministic trace id.</param>
    public static bool RootSampled(string name, ActivityTraceId traceId)
    {
        var previous = Activity.Current;
        Activity.Current = null; // a root: the question must not be asked as the child of whatever runs now
        try
        {
            return TraceIds.WithRootTraceId(traceId, name, static (spanName, _) => WorkflowTelemetry.Source.CreateActivity(spanName, ActivityKind.Server, default(System.Diagnostics.ActivityContext)), 0)
                is { Recorded: true };
        }
        finally
        {
            Activity.Current = previous;
        }
    }

    public static void Write(FinishedSpan span)
    {
        var previous = Activity.Current;
        Activity.Current = null; // a root span must not become the child of whatever runs now
        var start = DateTime.SpecifyKind(span.Start, DateTimeKind.Utc); // history times are UTC
        var activity = span.RootTraceId is { } rootTraceId
            ? TraceIds.WithRootTraceId(rootTraceId, span, static (root, at) => WorkflowTelemetry.Source.StartActivity(root.Name, root.Kind, default(System.Diagnostics.ActivityContext), root.Tags, links: null, startTime: at), new DateTimeOffset(start))
            : WorkflowTelemetry.Source.StartActivity(span.Name, span.Kind, span.Parent, span.Tags, links: null, startTime: new DateTimeOffset(start));
        if (activity is null)
        {
            Activity.Current = previous;
            return; // not sampled
        }

        try
        {
            TraceIds.Stamp(activity, span.SpanId, span.RootTraceId);
            if (span.Error is { } error)
            {
                activity.SetStatus(ActivityStatusCode.Error, error);
            }

            // A zero duration would make Stop() take the current time: end at least one tick after the start.
            var end = DateTime.SpecifyKind(span.End, DateTimeKind.Utc);
            activity.SetEndTime(end > start ? end : start.AddTicks(1));
            activity.Stop();
        }
        finally
        {
            Activity.Current = previous;
        }
    }
}
