using System.Diagnostics;
using OrleansWorkflows.Diagnostics;
using Xunit;

namespace OrleansWorkflows.UnitTests.Diagnostics;

/// <summary>
/// The deterministic ids of <see cref="TraceIds"/>: an activation on another silo, or of a later build, must name every
/// step as the first one did, so the ids are fixed values of their inputs (pinned here, computed by an independent
/// implementation of the hash), distinct across steps, and never the invalid all-zero id.
/// </summary>
public sealed class TraceIdsTests
{
    [Theory]
    [InlineData("trace-unit", "exec-1", "task", 0, 0, "3002eeac3e1cdb07")]
    [InlineData("trace-unit", "exec-1", "task", 1, 0, "ccb919aa9ac0bb37")]
    [InlineData("trace-unit", "exec-1", "orchestration", 0, 0, "3b3bc026f3ae1a64")]
    [InlineData("trace-unit", "exec-1", "task", 0, 1, "4ecd0a54f1731848")]
    public void Span_IsAFixedValueOfTheStep(string instance, string execution, string kind, int sequence, int rewinds, string expected) =>
        Assert.Equal(expected, TraceIds.Span(instance, execution, kind, sequence, rewinds).ToHexString());

    [Fact]
    public void Trace_IsAFixedValueOfTheExecution() =>
        Assert.Equal("181c37e76b40618f7c0031df193960fe", TraceIds.Trace("trace-unit", "exec-1").ToHexString());

    [Fact]
    public void Spans_OfDistinctSteps_AreDistinct()
    {
        var ids = new HashSet<ActivitySpanId>();
        for (var instance = 0; instance < 100; instance++)
        {
            foreach (var kind in new[] { "task", "event", "orchestration" })
            {
                for (var sequence = 0; sequence < 100; sequence++)
                {
                    for (var rewinds = 0; rewinds < 3; rewinds++)
                    {
                        Assert.True(ids.Add(TraceIds.Span($"i{instance}", "exec-1", kind, sequence, rewinds)), $"i{instance} {kind} {sequence} {rewinds}");
                    }
                }
            }
        }

        // Parts are delimited by their lengths: moving characters from one part to the next names another step.
        Assert.NotEqual(TraceIds.Span("ab", "c", "task", 0, 0), TraceIds.Span("a", "bc", "task", 0, 0));
        Assert.NotEqual(TraceIds.Trace("i", "exec-1"), TraceIds.Trace("i", "exec-2"));
    }

    [Fact]
    public void Stamp_GivesAStartedSpanTheChosenIds()
    {
        Assert.True(TraceIds.CanStamp, "Activity no longer keeps its ids in the fields Stamp sets");
        using var activity = new Activity("stamped").SetIdFormat(ActivityIdFormat.W3C).Start();
        var spanId = TraceIds.Span("i", "exec-1", "task", 7, 0);
        var traceId = TraceIds.Trace("i", "exec-1");

        TraceIds.Stamp(activity, spanId, traceId);

        Assert.Equal(spanId, activity.SpanId);
        Assert.Equal(traceId, activity.TraceId);
        Assert.Equal($"00-{traceId.ToHexString()}-{spanId.ToHexString()}-00", activity.Id);
    }
}
