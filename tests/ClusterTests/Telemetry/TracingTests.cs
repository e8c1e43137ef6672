using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;
using OrleansWorkflows.ClusterTests.Fixture;
using OrleansWorkflows.ClusterTests.Workflows;
using OrleansWorkflows.Diagnostics;
using OrleansWorkflows.History;
using OrleansWorkflows.Runtime;
using Xunit;

namespace OrleansWorkflows.ClusterTests.Telemetry;

/// <summary>
/// The engine's spans on the 2-silo cluster, collected by OpenTelemetry's in-memory exporter: their tree, their times
/// (history timestamps) and ids (derived from history) stay the same when the instance is replayed, on this silo or
/// another, and nothing is written twice; a sub-orchestration on the other silo joins its parent's trace; a client's
/// entity signal joins the client's trace.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class TracingTests(ClusterFixture fixture) : IAsyncLifetime, IDisposable
{
    private static readonly ActivitySource Caller = new("OrleansWorkflows.ClusterTests.Caller");
    private readonly SpanLog _spans = new();
    private TracerProvider? _tracing;

    public Task InitializeAsync()
    {
        _tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(WorkflowInstrumentation.ActivitySourceName, Caller.Name)
            .AddInMemoryExporter(_spans)
            .Build();
        return fixture.EnsureSilosAsync();
    }

    public Task DisposeAsync() => fixture.EnsureSilosAsync();

    public void Dispose() => _tracing?.Dispose();

    [Fact]
    public async Task ReplayedTwiceBetweenSteps_SpansKeepTheirIdsAndHistoryTimes_AndAreWrittenOnce()
    {
        var id = ClusterTestExtensions.NewId("trace-replay");
        var grain = fixture.Client.GetGrain<IOrchestrationGrain>(id).GetGrainId();
        System.Diagnostics.ActivityContext caller;
        using (var request = Caller.StartActivity("client call", ActivityKind.Client)!)
        {
            caller = request.Context;
            await fixture.Workflows.StartAsync("GatedChain", 3, id);
        }

        await fixture.WaitStartedAsync($"{id}/1");
        Gates.Release($"{id}/1");
        await fixture.WaitStartedAsync($"{id}/2");
        await fixture.ForceDeactivateAsync(grain);
        Gates.Release($"{id}/2");
        await fixture.WaitStartedAsync($"{id}/3");
        await fixture.ForceDeactivateAsync(grain);
        Gates.Release($"{id}/3");
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await fixture.WaitAsync(id)).RuntimeStatus);

        var orchestration = await SpanAsync(caller.TraceId, s => s.DisplayName == "orchestration:GatedChain" && Tag(s, SpanWriter.InstanceIdTag) == id);
        var history = await HistoryAsync(id);
        var started = history.OfType<ExecutionStarted>().Single();
        Assert.Equal(caller.SpanId, orchestration.ParentSpanId);
        Assert.Equal(ActivityKind.Server, orchestration.Kind);
        Assert.Equal(TraceIds.Span(id, started.ExecutionId, "orchestration", 0, 0), orchestration.SpanId);
        Assert.Equal(started.Timestamp, orchestration.StartTimeUtc);
        Assert.Equal(history.OfType<ExecutionCompleted>().Single().Timestamp, orchestration.StartTimeUtc + orchestration.Duration);

        // One client span per activity call, written once though the instance was replayed twice, each from its
        // TaskScheduled to its TaskCompleted, in order, with the id its sequence number gives.
        var calls = Spans(caller.TraceId, s => s.Kind == ActivityKind.Client && Tag(s, SpanWriter.InstanceIdTag) == id).OrderBy(s => s.StartTimeUtc).ToList();
        var scheduled = history.OfType<TaskScheduled>().ToList();
        var completed = history.OfType<TaskCompleted>().ToList();
        Assert.Equal(3, calls.Count);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("activity:GatedStep", calls[i].DisplayName);
            Assert.Equal(orchestration.SpanId, calls[i].ParentSpanId);
            Assert.Equal(TraceIds.Span(id, started.ExecutionId, "task", scheduled[i].EventId, 0), calls[i].SpanId);
            Assert.Equal(scheduled[i].Timestamp, calls[i].StartTimeUtc);
            Assert.Equal(completed.Single(c => c.TaskScheduledId == scheduled[i].EventId).Timestamp, calls[i].StartTimeUtc + calls[i].Duration);
            Assert.True(i == 0 || calls[i].StartTimeUtc >= calls[i - 1].StartTimeUtc + calls[i - 1].Duration, "activity spans overlap");
        }

        // Each call ran under a server span on its worker (some silo), the child of the call's span.
        var executions = await Eventually.ValueAsync(
            async () =>
            {
                await Task.CompletedTask;
                var found = Spans(caller.TraceId, s => s.Kind == ActivityKind.Server && s.DisplayName == "activity:GatedStep");
                return (calls.All(c => found.Any(e => e.ParentSpanId == c.SpanId)), found, $"{found.Count} execution spans");
            },
            ClusterTestExtensions.Timeout,
            "an execution span under every activity call");
        Assert.All(executions, e => Assert.Contains(calls, c => c.SpanId == e.ParentSpanId));
    }

    [Fact]
    public async Task ContinueAsNew_NextExecutionStartedByAnotherActivation_StaysInTheCallersTrace()
    {
        var id = ClusterTestExtensions.NewId("trace-can");
        System.Diagnostics.ActivityContext caller;
        using (var request = Caller.StartActivity("client call", ActivityKind.Client)!)
        {
            caller = request.Context;
            await fixture.Workflows.StartAsync("CarryEvents", new Workflows.ContinueAsNewTests.CarryInput(0, true), id);
        }

        // The activation dies right after the continue-as-new commit: the next one starts the second execution.
        var crashes = 0;
        fixture.Faults.CrashAfterCommit = instance => instance == id && Interlocked.Increment(ref crashes) == 1;
        try
        {
            await fixture.Workflows.RaiseEventAsync(id, "go", "now");
            await Eventually.UntilAsync(() => Volatile.Read(ref crashes) >= 1, ClusterTestExtensions.Timeout, "the continue-as-new commit crashed");
        }
        finally
        {
            fixture.Faults.CrashAfterCommit = null;
        }

        foreach (var e in new[] { "1", "2", "3", "4" })
        {
            await fixture.Workflows.RaiseEventAsync(id, "e", e);
        }

        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await fixture.WaitAsync(id)).RuntimeStatus);
        var started = (await HistoryAsync(id)).OfType<ExecutionStarted>().Single();
        var second = await SpanAsync(
            caller.TraceId, s => s.DisplayName == "orchestration:CarryEvents" && Tag(s, SpanWriter.ExecutionIdTag) == started.ExecutionId);
        Assert.Equal(caller.SpanId, second.ParentSpanId);
    }

    [Fact]
    public async Task SubOrchestrationOnTheOtherSilo_JoinsTheParentsTrace()
    {
        var id = ClusterTestExtensions.NewId("trace-child");
        var child = $"{id}-child";
        System.Diagnostics.ActivityContext caller;
        using (var request = Caller.StartActivity("client call", ActivityKind.Client)!)
        {
            caller = request.Context;
            await fixture.Workflows.StartAsync("ParentOfGatedChild", null, id);
        }

        await fixture.WaitStartedAsync($"{child}/1");
        var childGrain = fixture.Client.GetGrain<IOrchestrationGrain>(child).GetGrainId();
        await Eventually.UntilAsync(
            async () =>
            {
                await fixture.Workflows.GetStatusAsync(id); // the parent is active somewhere (a status read activates it)
                var parentSilo = fixture.FindOrchestrationSilo(id)?.SiloAddress;
                var childSilo = fixture.FindOrchestrationSilo(child)?.SiloAddress;
                if (parentSilo is not null && childSilo is not null && !parentSilo.Equals(childSilo))
                {
                    return true;
                }

                // Move the child to a silo its parent is not on: it is reloaded there from the store (a replay). Each
                // round is bounded (a migration to a silo that just joined may wait); a failed round counts as "not yet".
                var other = fixture.Silos.First(s => !s.SiloAddress.Equals(parentSilo)).SiloAddress;
                await fixture.Workflows.GetStatusAsync(child);
                await fixture.Cluster.MigrateAsync(childGrain, other).WaitAsync(TimeSpan.FromSeconds(5));
                return false;
            },
            ClusterTestExtensions.Timeout,
            "the child active on another silo than its parent");
        Gates.Release($"{child}/1");
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await fixture.WaitAsync(id)).RuntimeStatus);

        var parent = await SpanAsync(caller.TraceId, s => s.Kind == ActivityKind.Server && Tag(s, SpanWriter.InstanceIdTag) == id);
        var call = Spans(caller.TraceId, s => s.Kind == ActivityKind.Client && s.DisplayName == "orchestration:GatedChain").Single();
        var childSpan = Spans(caller.TraceId, s => s.Kind == ActivityKind.Server && s.DisplayName == "orchestration:GatedChain").Single();
        var childStep = Spans(caller.TraceId, s => s.DisplayName == "activity:GatedStep" && s.Kind == ActivityKind.Client).Single();
        Assert.Equal(caller.SpanId, parent.ParentSpanId);
        Assert.Equal(parent.SpanId, call.ParentSpanId);
        Assert.Equal(child, Tag(call, SpanWriter.InstanceIdTag));
        Assert.Equal(call.SpanId, childSpan.ParentSpanId);
        Assert.Equal(child, Tag(childSpan, SpanWriter.InstanceIdTag));
        Assert.Equal(childSpan.SpanId, childStep.ParentSpanId);
        Assert.True(call.StartTimeUtc <= childSpan.StartTimeUtc && childSpan.StartTimeUtc + childSpan.Duration <= call.StartTimeUtc + call.Duration, "the child's span lies within its call's");
    }

    [Fact]
    public async Task TimerEventEntityAndChild_EachGetASpanUnderTheOrchestration()
    {
        var id = ClusterTestExtensions.NewId("trace-steps");
        System.Diagnostics.ActivityContext caller;
        using (var request = Caller.StartActivity("client call", ActivityKind.Client)!)
        {
            caller = request.Context;
            await fixture.Workflows.StartAsync("TracedSteps", null, id);
        }

        await Eventually.UntilAsync(async () => (await HistoryAsync(id)).OfType<TimerFired>().Any(), ClusterTestExtensions.Timeout, "the timer fired");
        await fixture.Workflows.RaiseEventAsync(id, "Go", "go");
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await fixture.WaitAsync(id)).RuntimeStatus);

        var orchestration = await SpanAsync(caller.TraceId, s => s.DisplayName == "orchestration:TracedSteps");
        var history = await HistoryAsync(id);
        var timer = Spans(caller.TraceId, s => s.DisplayName == "timer").Single();
        Assert.Equal(orchestration.SpanId, timer.ParentSpanId);
        Assert.Equal(history.OfType<TimerCreated>().Single().Timestamp, timer.StartTimeUtc);
        Assert.Equal(history.OfType<TimerFired>().Single().Timestamp, timer.StartTimeUtc + timer.Duration);

        var wait = Spans(caller.TraceId, s => s.DisplayName == "event:Go").Single();
        Assert.Equal(orchestration.SpanId, wait.ParentSpanId);
        Assert.Equal(history.OfType<TimerFired>().Single().Timestamp, wait.StartTimeUtc); // the code began to wait in the timer's episode
        Assert.Equal(history.OfType<EventRaised>().Single().Timestamp, wait.StartTimeUtc + wait.Duration);

        var entityCall = Spans(caller.TraceId, s => s.DisplayName == "entity:Add" && s.Kind == ActivityKind.Client).Single();
        Assert.Equal(orchestration.SpanId, entityCall.ParentSpanId);
        var operation = await SpanAsync(caller.TraceId, s => s.DisplayName == "entity:Add" && s.Kind == ActivityKind.Server);
        Assert.Equal(entityCall.SpanId, operation.ParentSpanId);
        Assert.Equal(new EntityId("Counter", id).ToString(), Tag(operation, SpanWriter.EntityIdTag));

        var childCall = Spans(caller.TraceId, s => s.DisplayName == "orchestration:Noop" && s.Kind == ActivityKind.Client).Single();
        var childRun = Spans(caller.TraceId, s => s.DisplayName == "orchestration:Noop" && s.Kind == ActivityKind.Server).Single();
        Assert.Equal(orchestration.SpanId, childCall.ParentSpanId);
        Assert.Equal(childCall.SpanId, childRun.ParentSpanId);
    }

    [Fact]
    public async Task ClientSignal_UnderTheCallersSpan_TheOperationsSpanIsItsChild()
    {
        var key = ClusterTestExtensions.NewId("trace-signal");
        System.Diagnostics.ActivityContext caller;
        using (var request = Caller.StartActivity("client signal", ActivityKind.Client)!)
        {
            caller = request.Context;
            await fixture.Workflows.SignalEntityAsync(new EntityId("Counter", key), "Add", 3);
        }

        var operation = await SpanAsync(caller.TraceId, s => s.DisplayName == "entity:Add" && s.Kind == ActivityKind.Server);
        Assert.Equal(caller.SpanId, operation.ParentSpanId);
        Assert.Equal(new EntityId("Counter", key).ToString(), Tag(operation, SpanWriter.EntityIdTag));
    }

    private static string? Tag(Activity span, string key) => span.GetTagItem(key)?.ToString();

    private List<Activity> Spans(ActivityTraceId traceId, Func<Activity, bool> match) => [.. _spans.InTrace(traceId).Where(match)];

    /// <summary>Waits for the one span that matches (a span is written just after the commit that ends it).</summary>
    private Task<Activity> SpanAsync(ActivityTraceId traceId, Func<Activity, bool> match) => Eventually.ValueAsync(
        async () =>
        {
            await Task.CompletedTask;
            var found = Spans(traceId, match);
            return (found.Count == 1, found.FirstOrDefault()!, $"{found.Count} matching spans of {_spans.Count}");
        },
        ClusterTestExtensions.Timeout,
        "the span");

    private async Task<List<HistoryEvent>> HistoryAsync(string id) =>
        [.. (await fixture.Store.ReadHistoryAsync(id)).Select(HistorySerializer.Deserialize)];
}
