using System.Diagnostics;
using OrleansWorkflows.Diagnostics;
using OrleansWorkflows.History;
using OrleansWorkflows.Replay;
using Xunit;

namespace OrleansWorkflows.UnitTests.Diagnostics;

/// <summary>
/// Spans from committed history (<see cref="InstanceTracing"/>), without a cluster: a history of three activity calls
/// gives the orchestration's span and three children with history times and history-derived ids; an activation that
/// restores the history half-way writes the very same spans for the rest and none again for the first half. Its listener
/// turns tracing on for the whole process, so it runs alone (engine tests would otherwise send trace parents).
/// </summary>
[Collection(TracingCollection.Name)]
public sealed class InstanceTracingTests : IDisposable
{
    private const string Instance = "trace-unit";
    private const string Caller = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    private static readonly DateTime T0 = new(2026, 12, 5, 10, 0, 0, DateTimeKind.Utc);
    private readonly SpanLog _spans = new();
    private readonly ActivityListener _listener;

    public InstanceTracingTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == WorkflowInstrumentation.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = Collect,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose() => _listener.Dispose();

    /// <summary>Keeps this test's spans (engine tests running in parallel write theirs to the same source).</summary>
    private void Collect(Activity span)
    {
        if (Tag(span, SpanWriter.InstanceIdTag) == Instance)
        {
            _spans.Add(span);
        }
    }

    [Fact]
    public void ThreeActivityCalls_GiveTheOrchestrationSpanAndThreeChildren_WithHistoryTimesAndDerivedIds()
    {
        var tracing = new InstanceTracing(Instance);
        var count = 0;
        foreach (var episode in Episodes(Caller))
        {
            Commit(tracing, episode, ref count);
        }

        var spans = _spans.Snapshot();
        var orchestration = Assert.Single(spans, s => s.Kind == ActivityKind.Server);
        Assert.Equal("orchestration:HelloSequence", orchestration.DisplayName);
        Assert.Equal("0af7651916cd43dd8448eb211c80319c", orchestration.TraceId.ToHexString());
        Assert.Equal("b7ad6b7169203331", orchestration.ParentSpanId.ToHexString());
        Assert.Equal(TraceIds.Span(Instance, "exec-1", "orchestration", 0, 0), orchestration.SpanId);
        Assert.Equal(T0, orchestration.StartTimeUtc);
        Assert.Equal(T0.AddSeconds(3), orchestration.StartTimeUtc + orchestration.Duration);

        var calls = spans.Where(s => s.Kind == ActivityKind.Client).OrderBy(s => s.StartTimeUtc).ToList();
        Assert.Equal(3, calls.Count);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("activity:SayHello", calls[i].DisplayName);
            Assert.Equal(orchestration.SpanId, calls[i].ParentSpanId);
            Assert.Equal(orchestration.TraceId, calls[i].TraceId);
            Assert.Equal(TraceIds.Span(Instance, "exec-1", "task", i, 0), calls[i].SpanId);
            Assert.Equal(T0.AddSeconds(i), calls[i].StartTimeUtc);
            Assert.Equal(TimeSpan.FromSeconds(1), calls[i].Duration);
        }
    }

    [Fact]
    public void RestoredHalfWay_WritesTheSameSpansForTheRest_AndNoneTwice()
    {
        var episodes = Episodes(Caller);
        var count = 0;
        var straight = new InstanceTracing(Instance);
        foreach (var episode in episodes)
        {
            Commit(straight, episode, ref count);
        }

        var expected = _spans.Snapshot().Select(Describe).Order(StringComparer.Ordinal).ToList();
        _spans.Clear();

        count = 0;
        var first = new InstanceTracing(Instance);
        Commit(first, episodes[0], ref count);
        Commit(first, episodes[1], ref count);
        var second = new InstanceTracing(Instance); // a new activation (here or on another silo): replays, writes nothing
        second.Restore([.. episodes[0], .. episodes[1]]);
        Assert.Single(_spans.Snapshot());
        Assert.Equal(first.TraceParentOf(2), second.TraceParentOf(2));
        Commit(second, episodes[2], ref count);
        Commit(second, episodes[3], ref count);

        Assert.Equal(expected, _spans.Snapshot().Select(Describe).Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public void WithoutCallerContext_TheOrchestrationIsTheRootOfADeterministicTrace()
    {
        var tracing = new InstanceTracing(Instance);
        var count = 0;
        foreach (var episode in Episodes(traceParent: null))
        {
            Commit(tracing, episode, ref count);
        }

        var orchestration = Assert.Single(_spans.Snapshot(), s => s.Kind == ActivityKind.Server);
        Assert.Equal(TraceIds.Trace(Instance, "exec-1"), orchestration.TraceId);
        Assert.Equal(default, orchestration.ParentSpanId);
        Assert.All(_spans.Snapshot(), s => Assert.Equal(orchestration.TraceId, s.TraceId));
        Assert.Equal($"00-{orchestration.TraceId.ToHexString()}-{TraceIds.Span(Instance, "exec-1", "task", 1, 0).ToHexString()}-01", tracing.TraceParentOf(1));
    }

    [Fact]
    public void EventWait_SpansFromTheEpisodeThatBeganItToTheEvent()
    {
        var tracing = new InstanceTracing(Instance);
        var raised = new EventRaised("Approval", "true") { Timestamp = T0.AddSeconds(9) };
        var count = 0;
        Commit(tracing, [new OrchestratorStarted { Timestamp = T0 }, new ExecutionStarted("Approval", "exec-1", null) { TraceParent = Caller, Timestamp = T0 }], ref count);
        tracing.Prepare([new OrchestratorStarted { Timestamp = raised.Timestamp }, raised], [new EventWait("Approval", T0, raised)], count);
        tracing.Committed();

        var wait = Assert.Single(_spans.Snapshot(), s => s.DisplayName == "event:Approval");
        Assert.Equal(T0, wait.StartTimeUtc);
        Assert.Equal(TimeSpan.FromSeconds(9), wait.Duration);
        Assert.Equal(TraceIds.Span(Instance, "exec-1", "orchestration", 0, 0), wait.ParentSpanId);
        Assert.Equal(TraceIds.Span(Instance, "exec-1", "event", 3, 0), wait.SpanId); // the event is history event #3
    }

    [Fact]
    public void AFinishedExecution_KeepsNoStepIndexNorTraceContext_AndStillNamesItsSteps()
    {
        var episodes = Episodes(Caller);
        var tracing = new InstanceTracing(Instance);
        var count = 0;
        Commit(tracing, episodes[0], ref count);
        Commit(tracing, episodes[1], ref count);
        var parentOfSecond = tracing.TraceParentOf(1);
        Assert.Equal(1, tracing.IndexedSteps); // the completed step is dropped, the open one kept
        Assert.True(tracing.HoldsContext);

        Commit(tracing, episodes[2], ref count);
        Commit(tracing, episodes[3], ref count);
        Assert.Equal(0, tracing.IndexedSteps);
        Assert.False(tracing.HoldsContext);
        Assert.Equal(4, _spans.Snapshot().Count);
        Assert.Equal(parentOfSecond, tracing.TraceParentOf(1)); // computed again from the start event

        var restored = new InstanceTracing(Instance); // an activation that loads the finished history keeps none either
        restored.Restore([.. episodes.SelectMany(e => e)]);
        Assert.Equal(0, restored.IndexedSteps);
        Assert.False(restored.HoldsContext);
    }

    [Fact]
    public void AFailedStep_IsKeptThroughTheFailedEnd_AndItsRerunAfterARewindIsASpanOfItsOwn()
    {
        var failed = new FailureDetails("System.InvalidOperationException", "boom");
        IReadOnlyList<HistoryEvent>[] before =
        [
            [new OrchestratorStarted { Timestamp = T0 }, new ExecutionStarted("HelloSequence", "exec-1", null) { TraceParent = Caller, Timestamp = T0 }, new TaskScheduled(0, "SayHello", "\"Tokyo\"") { Timestamp = T0 }],
            [
                new OrchestratorStarted { Timestamp = T0.AddSeconds(1) },
                new TaskFailed(0, failed) { Timestamp = T0.AddSeconds(1) },
                new ExecutionCompleted(OrchestrationRuntimeStatus.Failed, null, failed) { Timestamp = T0.AddSeconds(1) },
            ],
        ];
        IReadOnlyList<HistoryEvent> after =
        [
            new ExecutionRewound("retry") { Timestamp = T0.AddSeconds(5) },
            new OrchestratorStarted { Timestamp = T0.AddSeconds(6) },
            new TaskCompleted(0, "\"Hello Tokyo!\"") { Timestamp = T0.AddSeconds(6) },
            new ExecutionCompleted(OrchestrationRuntimeStatus.Completed, "[]", null) { Timestamp = T0.AddSeconds(6) },
        ];

        var straight = new InstanceTracing(Instance);
        var count = 0;
        Commit(straight, before[0], ref count);
        Commit(straight, before[1], ref count);
        Assert.Equal(1, straight.IndexedSteps); // the failure a rewind voids
        Commit(straight, after, ref count);
        Assert.Equal(0, straight.IndexedSteps);
        var expected = _spans.Snapshot().Select(Describe).Order(StringComparer.Ordinal).ToList();
        var calls = _spans.Snapshot().Where(s => s.DisplayName == "activity:SayHello").OrderBy(s => s.StartTimeUtc + s.Duration).ToList();
        Assert.Equal(2, calls.Count);
        Assert.Equal(ActivityStatusCode.Error, calls[0].Status);
        Assert.Equal(TraceIds.Span(Instance, "exec-1", "task", 0, 0), calls[0].SpanId);
        Assert.Equal(ActivityStatusCode.Unset, calls[1].Status);
        Assert.Equal(TraceIds.Span(Instance, "exec-1", "task", 0, 1), calls[1].SpanId);
        Assert.Equal(TimeSpan.FromSeconds(6), calls[1].Duration); // from its TaskScheduled to the completion after the rewind
        _spans.Clear();

        count = 0;
        var restored = new InstanceTracing(Instance); // the rewind reached an activation that loaded the failed history
        restored.Restore([.. before[0], .. before[1]]);
        count = before[0].Count + before[1].Count;
        Commit(restored, after, ref count);
        var rerun = _spans.Snapshot().Select(Describe).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected.Where(d => d.Contains(TraceIds.Span(Instance, "exec-1", "task", 0, 1).ToHexString(), StringComparison.Ordinal)), rerun.Where(d => d.Contains(TraceIds.Span(Instance, "exec-1", "task", 0, 1).ToHexString(), StringComparison.Ordinal)));
        Assert.Equal(2, rerun.Count); // the rerun's span and the rewound orchestration's
    }

    private static void Commit(InstanceTracing tracing, IReadOnlyList<HistoryEvent> episode, ref int historyCount)
    {
        tracing.Prepare(episode, [], historyCount);
        tracing.Committed();
        historyCount += episode.Count;
    }

    /// <summary>HelloSequence's history, one list per episode, one second apart.</summary>
    internal static List<IReadOnlyList<HistoryEvent>> Episodes(string? traceParent) =>
    [
        [
            new OrchestratorStarted { Timestamp = T0 },
            new ExecutionStarted("HelloSequence", "exec-1", null) { TraceParent = traceParent, Timestamp = T0 },
            new TaskScheduled(0, "SayHello", "\"Tokyo\"") { Timestamp = T0 },
        ],
        [new OrchestratorStarted { Timestamp = T0.AddSeconds(1) }, new TaskCompleted(0, "\"Hello Tokyo!\"") { Timestamp = T0.AddSeconds(1) }, new TaskScheduled(1, "SayHello", "\"Seattle\"") { Timestamp = T0.AddSeconds(1) }],
        [new OrchestratorStarted { Timestamp = T0.AddSeconds(2) }, new TaskCompleted(1, "\"Hello Seattle!\"") { Timestamp = T0.AddSeconds(2) }, new TaskScheduled(2, "SayHello", "\"London\"") { Timestamp = T0.AddSeconds(2) }],
        [
            new OrchestratorStarted { Timestamp = T0.AddSeconds(3) },
            new TaskCompleted(2, "\"Hello London!\"") { Timestamp = T0.AddSeconds(3) },
            new ExecutionCompleted(OrchestrationRuntimeStatus.Completed, "[]", null) { Timestamp = T0.AddSeconds(3) },
        ],
    ];

    private static string Describe(Activity s) =>
        $"{s.DisplayName} {s.Kind} {s.TraceId} {s.SpanId} {s.ParentSpanId} {s.StartTimeUtc:O} {s.Duration}";

    private static string? Tag(Activity span, string key) => span.GetTagItem(key)?.ToString();
}

/// <summary>Tests that listen to the engine's source run alone: a listener turns tracing on for every test in the process.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TracingCollection
{
    public const string Name = "Tracing";
}
