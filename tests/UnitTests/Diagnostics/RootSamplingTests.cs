using System.Diagnostics;
using OrleansWorkflows.Diagnostics;
using OrleansWorkflows.History;
using Xunit;

namespace OrleansWorkflows.UnitTests.Diagnostics;

/// <summary>
/// An instance started without a caller's trace context is the root of a trace of its own; a sampler that decides by
/// trace id (as a ratio sampler does, parent-based for the children) keeps or drops the whole instance: its span and
/// every step's span, and the <c>traceparent</c> its steps send says the same. Before, the root's decision was made for
/// a random trace id and its children were always marked sampled, so a ratio sampler left orphaned step spans.
/// </summary>
[Collection(TracingCollection.Name)]
public sealed class RootSamplingTests : IDisposable
{
    private readonly SpanLog _spans = new();
    private readonly ActivityListener _listener;
    private readonly string _kept;
    private readonly string _dropped;

    public RootSamplingTests()
    {
        var ids = Enumerable.Range(0, 64).Select(i => $"root-sampling-{i}").ToList();
        _kept = ids.First(id => Keeps(TraceIds.Trace(id, "exec-1")));
        _dropped = ids.First(id => !Keeps(TraceIds.Trace(id, "exec-1")));
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == WorkflowInstrumentation.ActivitySourceName,
            Sample = Sample,
            ActivityStopped = span =>
            {
                if (span.Recorded && Tag(span, SpanWriter.InstanceIdTag) is { } id && (id == _kept || id == _dropped))
                {
                    _spans.Add(span);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose() => _listener.Dispose();

    [Fact]
    public void ARootInstance_IsKeptOrDroppedWhole_AsTheSamplerDecidesForItsTraceId()
    {
        var kept = Run(_kept);
        var dropped = Run(_dropped);

        var spans = _spans.Snapshot();
        var root = Assert.Single(spans, s => s.Kind == ActivityKind.Server);
        Assert.Equal(_kept, Tag(root, SpanWriter.InstanceIdTag));
        Assert.Equal(TraceIds.Trace(_kept, "exec-1"), root.TraceId);
        Assert.Equal(default, root.ParentSpanId);
        Assert.Equal(4, spans.Count(s => Tag(s, SpanWriter.InstanceIdTag) == _kept)); // the execution and its three calls
        Assert.All(spans, s => Assert.Equal(root.TraceId, s.TraceId));
        Assert.DoesNotContain(spans, s => Tag(s, SpanWriter.InstanceIdTag) == _dropped);

        Assert.EndsWith("-01", kept, StringComparison.Ordinal); // what the steps hand on: sampled, and not
        Assert.EndsWith("-00", dropped, StringComparison.Ordinal);
    }

    /// <summary>A ratio sampler's kind of decision: by the trace id's last hex digit, the same wherever it is asked.</summary>
    private static bool Keeps(ActivityTraceId traceId) => "02468ace".Contains(traceId.ToHexString()[^1], StringComparison.Ordinal);

    /// <summary>Parent-based: a child follows its parent's flags; a root is decided by its trace id.</summary>
    private static ActivitySamplingResult Sample(ref ActivityCreationOptions<System.Diagnostics.ActivityContext> options)
    {
        var keep = options.Parent != default
            ? options.Parent.TraceFlags.HasFlag(ActivityTraceFlags.Recorded)
            : Keeps(options.TraceId);
        return keep ? ActivitySamplingResult.AllDataAndRecorded : ActivitySamplingResult.PropagationData;
    }

    /// <summary>HelloSequence's history for <paramref name="instance"/>, committed episode by episode; returns the
    /// <c>traceparent</c> its second step was sent with.</summary>
    private static string Run(string instance)
    {
        var tracing = new InstanceTracing(instance);
        var episodes = InstanceTracingTests.Episodes(traceParent: null); // HelloSequence's, one second apart
        var count = 0;
        string? second = null;
        foreach (var episode in episodes)
        {
            tracing.Prepare(episode, [], count);
            tracing.Committed();
            count += episode.Count;
            second ??= episode.OfType<TaskScheduled>().Any(t => t.EventId == 1) ? tracing.TraceParentOf(1) : null;
        }

        return second!;
    }

    private static string? Tag(Activity span, string key) => span.GetTagItem(key)?.ToString();
}
