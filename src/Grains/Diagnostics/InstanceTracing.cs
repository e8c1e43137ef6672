using System.Diagnostics;
using OrleansWorkflows.History;
using OrleansWorkflows.Replay;

namespace OrleansWorkflows.Diagnostics;

/// <summary>
/// The spans and history-derived metrics of one orchestration instance, read from the history it commits. A span is
/// written once, when the commit that ends it succeeded (an activity's result, a timer's firing, a child's outcome, an
/// entity's answer, an awaited event, the execution's end), with its start and end taken from history timestamps and
/// its id derived from (instance, execution, sequence number): a replay writes nothing again, and an activation on
/// another silo names every step as the first one did. The execution's span is the child of the caller's trace context
/// recorded on <see cref="ExecutionStarted.TraceParent"/> (a root span of a deterministic trace id without one); every
/// step's span is its child, and what a step causes elsewhere (the activity's execution on its worker, a
/// sub-orchestration, an entity operation) gets the step's span as its <c>traceparent</c>.
/// Cost: while no listener subscribes to the source nothing is indexed or allocated; only the execution's start event
/// is remembered (a reference) and the metric counters are touched (they return at once while nobody reads them).
/// </summary>
/// <param name="instanceId">The instance id.</param>
internal sealed class InstanceTracing(string instanceId)
{
    private const string TaskKey = "task";
    private Dictionary<int, HistoryEvent>? _scheduled; // only while tracing: an instance traced by nobody keeps none
    private ExecutionStarted? _started;
    private TraceContext? _context; // only once a span or traceparent needed it: an untraced activation keeps none
    private int _rewinds;
    private IReadOnlyList<HistoryEvent>? _uncommitted;
    private IReadOnlyList<EventWait> _uncommittedWaits = [];
    private int _uncommittedBase;

    /// <summary>Scheduling events kept to write their steps' spans: those of steps still open, and failed ones a rewind may
    /// open again (tests read it: a finished instance keeps none).</summary>
    internal int IndexedSteps => _scheduled?.Count ?? 0;

    /// <summary>Whether the execution's trace context is held (computed when first needed, dropped when it ended).</summary>
    internal bool HoldsContext => _context is not null;

    /// <summary>The caller's trace context of the current execution, carried to the next one by a continue-as-new.</summary>
    public string? CallerTraceParent => _started?.TraceParent;

    /// <summary>Takes stored history into account after an activation loaded it: writes nothing.</summary>
    public void Restore(IReadOnlyList<HistoryEvent> history)
    {
        _uncommitted = null;
        foreach (var e in history)
        {
            switch (e)
            {
                case ExecutionStarted started:
                    Begin(started);
                    break;
                case ExecutionRewound:
                    Rewound();
                    break;
                case ISchedulingEvent scheduling when WorkflowTelemetry.Tracing:
                    (_scheduled ??= [])[scheduling.EventId] = e;
                    break;
                case ICompletionEvent completion when _scheduled is not null:
                    Completed(completion);
                    break;
                case ExecutionCompleted completed:
                    Ended(completed);
                    break;
            }
        }
    }

    /// <summary>
    /// The events an episode is about to commit (what its spans and counts come from once <see cref="Committed"/>); a new
    /// execution's start is taken at once, so the messages of this very commit can carry its trace context.
    /// </summary>
    /// <param name="events">The events appended (or, for the last episode of a continue-as-new, produced).</param>
    /// <param name="waits">The external event waits the episode ended.</param>
    /// <param name="historyCountBefore">History events of the execution stored before this commit.</param>
    public void Prepare(IReadOnlyList<HistoryEvent> events, IReadOnlyList<EventWait> waits, int historyCountBefore)
    {
        _uncommitted = events;
        _uncommittedWaits = waits;
        _uncommittedBase = historyCountBefore;
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i] is ExecutionStarted started)
            {
                Begin(started);
            }
        }
    }

    /// <summary>The prepared commit succeeded: counts what it started and ended and writes the spans it ended.</summary>
    public void Committed()
    {
        if (_uncommitted is not { } events)
        {
            return;
        }

        _uncommitted = null;
        var tracing = WorkflowTelemetry.Tracing && _started is not null;
        ExecutionCompleted? ended = null;
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            Count(e);
            if (e is ExecutionRewound)
            {
                Rewound();
            }
            else if (tracing && Span(e) is { } span)
            {
                SpanWriter.Write(span);
            }

            if (e is ExecutionCompleted completed)
            {
                ended = completed;
            }
            else if (e is ExecutionStarted)
            {
                ended = null; // the next execution began in the same commit: its steps are kept
            }
        }

        if (tracing)
        {
            foreach (var wait in _uncommittedWaits)
            {
                SpanWriter.Write(EventSpan(wait, events));
            }
        }

        _uncommittedWaits = [];
        if (ended is not null)
        {
            Ended(ended);
        }
    }

    /// <summary>
    /// The <c>traceparent</c> to send with the step of sequence number <paramref name="taskId"/> (an activity request, a
    /// sub-orchestration start, an entity call or signal): the step's span, written when it ends. <c>null</c> while
    /// nobody listens or before the execution's start is known.
    /// </summary>
    public string? TraceParentOf(int taskId) => WorkflowTelemetry.Tracing && _started is { } started
        ? TraceIds.TraceParent(Orchestration.TraceId, TraceIds.Span(instanceId, started.ExecutionId, TaskKey, taskId, _rewinds), Orchestration.TraceFlags)
        : null;

    /// <summary>The orchestration span's context (computed when first needed: nothing is hashed while nobody listens).</summary>
    private System.Diagnostics.ActivityContext Orchestration => Context.Orchestration;

    private TraceContext Context
    {
        get
        {
            if (_context is null)
            {
                var started = _started!;
                System.Diagnostics.ActivityContext caller;
                ActivityTraceId? rootTraceId = null;
                if (!TraceIds.TryParse(started.TraceParent, out caller))
                {
                    // A root: its spans are recorded or not as the sampler decides for its (deterministic) trace id, the
                    // same decision on every silo and after every replay, so a ratio sampler keeps or drops whole instances.
                    var traceId = TraceIds.Trace(instanceId, started.ExecutionId);
                    var flags = SpanWriter.RootSampled(SpanParts.Name("orchestration", started.Name), traceId) ? ActivityTraceFlags.Recorded : ActivityTraceFlags.None;
                    caller = new System.Diagnostics.ActivityContext(traceId, default, flags, isRemote: true);
                    rootTraceId = traceId;
                }

                _context = new TraceContext(
                    new System.Diagnostics.ActivityContext(caller.TraceId, OrchestrationSpanId(), caller.TraceFlags, isRemote: true), caller, rootTraceId);
            }

            return _context;
        }
    }

    /// <summary>
    /// A step ended: its scheduling event is no longer needed, so the activation does not keep it. Kept after a failure
    /// that a rewind voids (a failed activity or sub-orchestration): the step's next completion, after a rewind, is a
    /// span of its own (salted by the rewind).
    /// </summary>
    private void Completed(ICompletionEvent completion)
    {
        if (completion is not (TaskFailed or SubOrchestrationInstanceFailed))
        {
            _scheduled!.Remove(completion.TaskScheduledId);
        }
    }

    /// <summary>
    /// The execution ended. Unless it failed (a rewind may open its failed steps again), nothing of its steps is needed
    /// any more: the index and the trace context are dropped, so a finished instance's activation keeps no tracing state
    /// (about 500 bytes per activation otherwise, held until the activation is collected). The context is computed again
    /// from the start event should anything still ask for it.
    /// </summary>
    private void Ended(ExecutionCompleted completed)
    {
        _context = null;
        if (completed.OrchestrationStatus != OrchestrationRuntimeStatus.Failed || _scheduled is { Count: 0 })
        {
            _scheduled = null;
        }
    }

    private void Begin(ExecutionStarted started)
    {
        _started = started;
        _scheduled?.Clear();
        _rewinds = 0;
        _context = null;
    }

    /// <summary>A rewind: the steps run again and the execution ends again, under spans of new ids.</summary>
    private void Rewound()
    {
        _rewinds++;
        _context = null;
    }

    private ActivitySpanId OrchestrationSpanId() => TraceIds.Span(instanceId, _started!.ExecutionId, "orchestration", 0, _rewinds);

    private void Count(HistoryEvent e)
    {
        switch (e)
        {
            case ExecutionStarted started:
                WorkflowMetrics.InstancesStarted.Add(1, new KeyValuePair<string, object?>(WorkflowMetrics.NameTag, started.Name));
                break;
            case ExecutionCompleted completed when WorkflowMetrics.InstancesEnded.Enabled:
                WorkflowMetrics.InstancesEnded.Add(
                    1,
                    new KeyValuePair<string, object?>(WorkflowMetrics.NameTag, _started?.Name),
                    new KeyValuePair<string, object?>(WorkflowMetrics.StatusTag, completed.OrchestrationStatus.ToString()));
                break;
            case TimerFired fired:
                var name = new KeyValuePair<string, object?>(WorkflowMetrics.NameTag, _started?.Name);
                WorkflowMetrics.TimersFired.Add(1, name);
                if (WorkflowMetrics.TimerLateness.Enabled)
                {
                    WorkflowMetrics.TimerLateness.Record(Math.Max(0, (fired.Timestamp - fired.FireAt).TotalSeconds), name);
                }

                break;
        }
    }

    /// <summary>The span <paramref name="e"/> ends (or, for a scheduling event, indexes its start); <c>null</c> for none.</summary>
    private FinishedSpan? Span(HistoryEvent e)
    {
        switch (e)
        {
            case ExecutionStarted:
                return null;
            case EntitySignaled signaled:
                // One-way: a producer span at the moment it was sent; the entity's operation span is its child.
                return StepSpan(signaled, SpanParts.Name("entity", signaled.Operation), ActivityKind.Producer, signaled.Timestamp, null, Tag(SpanWriter.EntityIdTag, signaled.EntityId));
            case ISchedulingEvent scheduling:
                (_scheduled ??= [])[scheduling.EventId] = e;
                return null;
            case ExecutionCompleted completed:
                return OrchestrationSpan(completed);
            case ICompletionEvent completion when _scheduled is not null && _scheduled.TryGetValue(completion.TaskScheduledId, out var scheduled):
                var span = CompletionSpan(scheduled, e);
                Completed(completion);
                return span;
            default:
                return null;
        }
    }

    private FinishedSpan? CompletionSpan(HistoryEvent scheduled, HistoryEvent completion)
    {
        var error = completion switch
        {
            TaskFailed f => f.FailureDetails.ErrorMessage,
            SubOrchestrationInstanceFailed f => f.FailureDetails.ErrorMessage,
            EntityOperationFailed f => f.FailureDetails.ErrorMessage,
            _ => null,
        };
        return scheduled switch
        {
            TaskScheduled t => StepSpan(t, SpanParts.Name("activity", t.Name), ActivityKind.Client, completion.Timestamp, error, Tag(SpanWriter.AttemptTag, SpanParts.Boxed(t.Attempt))),
            TimerCreated t => StepSpan(t, "timer", ActivityKind.Internal, completion.Timestamp, error, Tag(SpanWriter.FireAtTag, t.FireAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture))),
            SubOrchestrationInstanceCreated s => StepSpan(s, SpanParts.Name("orchestration", s.Name), ActivityKind.Client, completion.Timestamp, error, Tag(SpanWriter.InstanceIdTag, s.InstanceId)),
            EntityOperationCalled c => StepSpan(c, SpanParts.Name("entity", c.Operation), ActivityKind.Client, completion.Timestamp, error, Tag(SpanWriter.EntityIdTag, c.EntityId)),
            EntityLockRequested l => StepSpan(l, "entity:lock", ActivityKind.Client, completion.Timestamp, error, Tag(SpanWriter.EntityIdTag, l.EntityId)),
            _ => null,
        };
    }

    private FinishedSpan StepSpan<T>(T scheduled, string name, ActivityKind kind, DateTime end, string? error, KeyValuePair<string, object?> extra)
        where T : HistoryEvent, ISchedulingEvent
    {
        var type = scheduled switch
        {
            TaskScheduled => "activity",
            TimerCreated => "timer",
            SubOrchestrationInstanceCreated => "orchestration",
            _ => "entity",
        };
        var taskName = scheduled switch
        {
            TaskScheduled t => t.Name,
            SubOrchestrationInstanceCreated s => s.Name,
            EntityOperationCalled c => c.Operation,
            EntitySignaled s => s.Operation,
            _ => name,
        };
        // One array of the exact size: the span's tags are copied from it once, when the span starts.
        var own = scheduled is SubOrchestrationInstanceCreated ? 4 : 5;
        var tags = new KeyValuePair<string, object?>[own + 1];
        tags[0] = Tag(SpanWriter.TypeTag, type);
        tags[1] = Tag(SpanWriter.NameTag, taskName);
        tags[2] = Tag(SpanWriter.TaskIdTag, SpanParts.Boxed(scheduled.EventId));
        tags[3] = Tag(SpanWriter.ExecutionIdTag, _started!.ExecutionId);
        if (own == 5)
        {
            tags[4] = Tag(SpanWriter.InstanceIdTag, instanceId);
        }

        tags[own] = extra;
        var spanId = TraceIds.Span(instanceId, _started.ExecutionId, TaskKey, scheduled.EventId, _rewinds);
        return new FinishedSpan(name, kind, Orchestration, spanId, null, scheduled.Timestamp, end, tags, error);
    }

    private FinishedSpan OrchestrationSpan(ExecutionCompleted completed)
    {
        var started = _started!;
        var version = started.Version;
        var tags = new KeyValuePair<string, object?>[version is null ? 5 : 6];
        tags[0] = Tag(SpanWriter.TypeTag, "orchestration");
        tags[1] = Tag(SpanWriter.NameTag, started.Name);
        tags[2] = Tag(SpanWriter.InstanceIdTag, instanceId);
        tags[3] = Tag(SpanWriter.ExecutionIdTag, started.ExecutionId);
        tags[4] = Tag(SpanWriter.StatusTag, completed.OrchestrationStatus.ToString());
        if (version is not null)
        {
            tags[5] = Tag(SpanWriter.VersionTag, version);
        }

        var error = completed.OrchestrationStatus == OrchestrationRuntimeStatus.Failed ? completed.FailureDetails?.ErrorMessage ?? "Failed" : null;
        var context = Context;
        return new FinishedSpan(
            SpanParts.Name("orchestration", started.Name), ActivityKind.Server, context.Caller, context.Orchestration.SpanId, context.RootTraceId, started.Timestamp, completed.Timestamp, tags, error);
    }

    private FinishedSpan EventSpan(EventWait wait, IReadOnlyList<HistoryEvent> events)
    {
        var position = _uncommittedBase;
        for (var i = 0; i < events.Count; i++)
        {
            if (ReferenceEquals(events[i], wait.Raised))
            {
                position += i;
                break;
            }
        }

        KeyValuePair<string, object?>[] tags =
        [
            Tag(SpanWriter.TypeTag, "event"),
            Tag(SpanWriter.EventNameTag, wait.Name),
            Tag(SpanWriter.InstanceIdTag, instanceId),
            Tag(SpanWriter.ExecutionIdTag, _started!.ExecutionId),
        ];
        var spanId = TraceIds.Span(instanceId, _started.ExecutionId, "event", position, _rewinds);
        return new FinishedSpan(SpanParts.Name("event", wait.Name), ActivityKind.Internal, Orchestration, spanId, null, wait.Since, wait.Raised.Timestamp, tags, null);
    }

    private static KeyValuePair<string, object?> Tag(string key, object? value) => new(key, value);

    /// <summary>The trace context of the current execution: its span's, its caller's, and the trace id of a root span.</summary>
    private sealed record TraceContext(System.Diagnostics.ActivityContext Orchestration, System.Diagnostics.ActivityContext Caller, ActivityTraceId? RootTraceId);
}
