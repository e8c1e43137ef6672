using System.Text.Json.Nodes;

namespace OrleansWorkflows.Gateway.Api;

/// <summary>
/// Turns an execution's history (the engine's JSON events, in order) into the bars of a timeline: one per activity
/// attempt, timer, sub-orchestration, entity call and lock, from the event that scheduled it to the one that answered it
/// (no end while it is pending; "unfinished" when the execution ended first), and points for events raised or sent, entity signals and rewinds. Pure: the same
/// history always gives the same bars.
/// </summary>
internal static class TimelineBuilder
{
    public static TimelineResponse Build(string instanceId, IEnumerable<JsonObject> history, bool truncated)
    {
        var bars = new List<TimelineBar>();
        var open = new Dictionary<int, int>();
        var execution = -1;
        int? suspension = null;
        string? name = null;
        string? parent = null;
        var count = 0;
        foreach (var e in history)
        {
            count++;
            var type = HistoryEventShape.EventType(e);
            var at = Time(e, "timestamp");
            switch (type)
            {
                case "ExecutionStarted":
                    name = Text(e, "name");
                    parent = Text(e, "parentInstanceId");
                    execution = bars.Count;
                    bars.Add(new TimelineBar("orchestration", name ?? "", null, at, null, "running", null, parent, null));
                    break;
                case "ExecutionCompleted":
                    Close(bars, execution, at, (Text(e, "orchestrationStatus") ?? "Completed").ToLowerInvariant(), Failure(e));
                    break;
                case "ExecutionTerminated":
                    Close(bars, execution, at, "terminated", Text(e, "reason"));
                    break;
                case "ExecutionSuspended":
                    suspension = bars.Count;
                    bars.Add(new TimelineBar("suspension", "suspended", null, at, null, "running", null, null, Text(e, "reason")));
                    break;
                case "ExecutionResumed":
                    if (suspension is { } s)
                    {
                        Close(bars, s, at, "resumed", Text(e, "reason"));
                        suspension = null;
                    }

                    break;
                case "ExecutionRewound":
                    bars.Add(Point("rewind", "rewound", at, "rewound", null, Text(e, "reason")));
                    break;
                case "TaskScheduled":
                    Open(bars, open, e, new TimelineBar("activity", Text(e, "name") ?? "", Int(e, "eventId"), at, null, "running", Int(e, "attempt") ?? 1, null, null));
                    break;
                case "TimerCreated":
                    Open(bars, open, e, new TimelineBar("timer", "timer", Int(e, "eventId"), at, null, "running", null, null, $"due {Text(e, "fireAt")}"));
                    break;
                case "SubOrchestrationInstanceCreated":
                    Open(bars, open, e, new TimelineBar("suborchestration", Text(e, "name") ?? "", Int(e, "eventId"), at, null, "running", null, Text(e, "instanceId"), null));
                    break;
                case "EntityOperationCalled":
                    Open(bars, open, e, new TimelineBar("entity", Text(e, "operation") ?? "", Int(e, "eventId"), at, null, "running", null, Text(e, "entityId"), null));
                    break;
                case "EntityLockRequested":
                    Open(bars, open, e, new TimelineBar("lock", "lock", Int(e, "eventId"), at, null, "running", null, Text(e, "entityId"), null));
                    break;
                case "TaskCompleted" or "SubOrchestrationInstanceCompleted" or "EntityOperationCompleted":
                    Answer(bars, open, e, at, "completed", null);
                    break;
                case "TaskFailed" or "SubOrchestrationInstanceFailed" or "EntityOperationFailed":
                    Answer(bars, open, e, at, "failed", Failure(e));
                    break;
                case "TimerFired":
                    Answer(bars, open, e, at, "fired", null);
                    break;
                case "EntityLockGranted":
                    Answer(bars, open, e, at, "granted", null);
                    break;
                case "EntitySignaled":
                    bars.Add(Point("entity", Text(e, "operation") ?? "", at, "signaled", Text(e, "entityId"), null) with { Sequence = Int(e, "eventId") });
                    break;
                case "EventRaised":
                    bars.Add(Point("event", Text(e, "name") ?? "", at, "received", null, null));
                    break;
                case "EventSent":
                    bars.Add(Point("event", Text(e, "name") ?? "", at, "sent", Text(e, "instanceId"), null) with { Sequence = Int(e, "eventId") });
                    break;
                default:
                    break;
            }
        }

        var whole = execution >= 0 ? bars[execution] : null;
        if (whole?.End is not null)
        {
            // The execution ended (completed, failed, terminated) with these still unanswered: they never will be.
            foreach (var index in open.Values)
            {
                bars[index] = bars[index] with { Status = "unfinished" };
            }
        }

        return new TimelineResponse(instanceId, name, parent, whole?.Start, whole?.End, bars, count, truncated);
    }

    private static void Open(List<TimelineBar> bars, Dictionary<int, int> open, JsonObject e, TimelineBar bar)
    {
        if (Int(e, "eventId") is { } id)
        {
            open[id] = bars.Count;
        }

        bars.Add(bar);
    }

    private static void Answer(List<TimelineBar> bars, Dictionary<int, int> open, JsonObject e, string? at, string status, string? detail)
    {
        if (HistoryEventShape.CompletedId(e) is { } id && open.Remove(id, out var index))
        {
            Close(bars, index, at, status, detail);
        }
    }

    private static void Close(List<TimelineBar> bars, int index, string? at, string status, string? detail)
    {
        if (index >= 0)
        {
            bars[index] = bars[index] with { End = at, Status = status, Detail = detail ?? bars[index].Detail };
        }
    }

    private static TimelineBar Point(string kind, string name, string? at, string status, string? target, string? detail) =>
        new(kind, name, null, at, at, status, null, target, detail);

    private static string? Failure(JsonObject e) => e["failureDetails"] is JsonObject failure ? Text(failure, "errorMessage") : null;

    private static string? Text(JsonObject e, string name) => e[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static int? Int(JsonObject e, string name) => e[name] is JsonValue v && v.TryGetValue<int>(out var i) ? i : null;

    private static string? Time(JsonObject e, string name) => ApiFormat.ParseTime(Text(e, name)) is { } time ? ApiFormat.Precise(time) : null;
}
