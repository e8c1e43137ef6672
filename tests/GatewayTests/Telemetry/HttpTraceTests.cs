using System.Diagnostics;
using OrleansWorkflows.Diagnostics;

namespace OrleansWorkflows.GatewayTests.Telemetry;

/// <summary>An orchestration started over HTTP is one trace: the request's span, the orchestration's, its steps'.</summary>
public sealed class HttpTraceTests(TracingGatewayFactory factory) : IClassFixture<TracingGatewayFactory>
{
    private readonly HttpClient _http = factory.CreateClient();

    [Fact]
    public async Task HelloSequenceStartedOverHttp_IsOneTrace_RequestThenOrchestrationThenThreeActivitiesInOrder()
    {
        var id = await _http.StartInstanceAsync("HelloSequence");
        await _http.WaitForStatusAsync(id, s => s.GetProperty("runtimeStatus").GetString() == "Completed");

        var orchestration = await Eventually.ValueAsync(
            async () =>
            {
                await Task.CompletedTask;
                var found = factory.Spans.Snapshot().Where(s => s.DisplayName == "orchestration:HelloSequence" && Tag(s, SpanWriter.InstanceIdTag) == id).ToList();
                return (found.Count == 1, found.FirstOrDefault()!, $"{found.Count} orchestration spans");
            },
            DurableApi.DefaultDeadline,
            "the orchestration's span");
        var trace = factory.Spans.InTrace(orchestration.TraceId);

        // The request's span (ASP.NET Core's, the root: the test sent no traceparent) is the orchestration's parent.
        var request = Assert.Single(trace, s => s.SpanId == orchestration.ParentSpanId);
        Assert.Equal("Microsoft.AspNetCore.Hosting.HttpRequestIn", request.OperationName);
        Assert.Equal(ActivityKind.Server, request.Kind);
        Assert.Equal(default, request.ParentSpanId);
        Assert.Equal(ActivityKind.Server, orchestration.Kind);
        Assert.True(orchestration.StartTimeUtc >= request.StartTimeUtc, "the orchestration starts within the request that started it");

        // Three activity calls, children of the orchestration, in order, one after the other, within it; their ids are
        // those their sequence numbers give (what a replay would give them again).
        var executionId = Tag(orchestration, SpanWriter.ExecutionIdTag)!;
        var calls = trace.Where(s => s.Kind == ActivityKind.Client).OrderBy(s => s.StartTimeUtc).ToList();
        Assert.Equal(3, calls.Count);
        var orchestrationEnd = orchestration.StartTimeUtc + orchestration.Duration;
        for (var i = 0; i < calls.Count; i++)
        {
            var call = calls[i];
            Assert.Equal("activity:SayHello", call.DisplayName);
            Assert.Equal(orchestration.SpanId, call.ParentSpanId);
            Assert.Equal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), Tag(call, SpanWriter.TaskIdTag));
            Assert.Equal(TraceIds.Span(id, executionId, "task", i, 0), call.SpanId);
            Assert.True(call.Duration > TimeSpan.Zero, "an activity call takes time");
            Assert.True(call.StartTimeUtc >= orchestration.StartTimeUtc && call.StartTimeUtc + call.Duration <= orchestrationEnd, "the call lies within the orchestration");
            Assert.True(i == 0 || call.StartTimeUtc >= calls[i - 1].StartTimeUtc + calls[i - 1].Duration, "activity calls overlap");
        }

        // Each call ran on a worker under a server span that is its child; nothing else is in the trace.
        var executions = await Eventually.ValueAsync(
            async () =>
            {
                await Task.CompletedTask;
                var found = factory.Spans.InTrace(orchestration.TraceId).Where(s => s.Kind == ActivityKind.Server && s.DisplayName == "activity:SayHello").ToList();
                return (found.Count == 3, found, $"{found.Count} execution spans");
            },
            DurableApi.DefaultDeadline,
            "three activity execution spans");
        Assert.True(calls.Select(c => c.SpanId).ToHashSet().SetEquals(executions.Select(e => e.ParentSpanId)), "one execution span under each call");
        Assert.Equal(1 + 1 + 3 + 3, factory.Spans.InTrace(orchestration.TraceId).Count);
    }

    private static string? Tag(Activity span, string key) => span.GetTagItem(key)?.ToString();
}
