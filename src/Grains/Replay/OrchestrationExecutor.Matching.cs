using OrleansWorkflows.History;

namespace OrleansWorkflows.Replay;

internal sealed partial class OrchestrationExecutor
{
    /// <summary>On replay, a recorded scheduling event must match the code's call with the same sequence number.</summary>
    private void Confirm(ISchedulingEvent recorded)
    {
        var name = Started?.Name ?? "?";
        if (!_unconfirmed.Remove(recorded.EventId, out var pending))
        {
            var now = _unconfirmed.Count == 0
                ? "made no further scheduling call at this point"
                : $"made other calls ({string.Join(", ", _unconfirmed.Values.OrderBy(p => p.Action.Id).Select(p => $"#{p.Action.Id} {Describe(p.Action)}"))})";
            var other = _unconfirmed.Count == 0 ? null : SiteOf(_unconfirmed.Keys.Min());
            throw NonDeterminismException.Mismatch(name, _instanceId, recorded.EventId, recorded.Describe(), now, other);
        }

        if (!Matches(pending.Action, recorded))
        {
            throw NonDeterminismException.Mismatch(name, _instanceId, recorded.EventId, recorded.Describe(), Describe(pending.Action), SiteOf(pending.Action.Id));
        }

        if (pending.Task is not null)
        {
            _open[pending.Action.Id] = (pending.Action, pending.Task);
        }
    }

    /// <summary>At the end of a recorded episode every call the code made must have been recorded.</summary>
    private void CheckEpisodeBoundary()
    {
        if (_unconfirmed.Count > 0)
        {
            var first = _unconfirmed.Values.MinBy(p => p.Action.Id);
            throw NonDeterminismException.Mismatch(
                Started?.Name ?? "?", _instanceId, first.Action.Id, "no scheduling call at this point", Describe(first.Action), SiteOf(first.Action.Id));
        }
    }

    /// <summary>Where the code made call <paramref name="id"/>, when call sites are captured.</summary>
    private CallSite? SiteOf(int id) => _callSites.TryGetValue(id, out var site) ? site : null;

    private static bool Matches(OrchestratorAction action, ISchedulingEvent recorded) => (action, recorded) switch
    {
        (ScheduleActivityAction a, TaskScheduled t) => string.Equals(a.Name, t.Name, StringComparison.OrdinalIgnoreCase),
        (CreateTimerAction, TimerCreated) => true,
        (StartSubOrchestrationAction s, SubOrchestrationInstanceCreated c) =>
            string.Equals(s.Name, c.Name, StringComparison.OrdinalIgnoreCase) && s.InstanceId == c.InstanceId,
        (SendEventAction s, EventSent e) => s.InstanceId == e.InstanceId && string.Equals(s.EventName, e.Name, StringComparison.OrdinalIgnoreCase),
        (CallEntityAction c, EntityOperationCalled r) => c.Entity.ToString() == r.EntityId && string.Equals(c.Operation, r.Operation, StringComparison.OrdinalIgnoreCase),
        (SignalEntityAction c, EntitySignaled r) => c.Entity.ToString() == r.EntityId && string.Equals(c.Operation, r.Operation, StringComparison.OrdinalIgnoreCase),
        (LockEntityAction l, EntityLockRequested r) => l.Entity.ToString() == r.EntityId,
        (UnlockEntityAction u, EntityUnlockSent r) => u.Entity.ToString() == r.EntityId,
        _ => false,
    };

    private static string Describe(OrchestratorAction action) => action switch
    {
        ScheduleActivityAction a => $"scheduled activity '{a.Name}'",
        CreateTimerAction t => $"created a timer (fireAt {t.FireAt:O})",
        StartSubOrchestrationAction s => $"started sub-orchestration '{s.Name}' (instance '{s.InstanceId}')",
        SendEventAction s => $"sent event '{s.EventName}' to '{s.InstanceId}'",
        CallEntityAction c => $"called entity operation '{c.Operation}' on '{c.Entity}'",
        SignalEntityAction c => $"signaled entity operation '{c.Operation}' to '{c.Entity}'",
        LockEntityAction l => $"requested the lock on '{l.Entity}'",
        UnlockEntityAction u => $"released the lock on '{u.Entity}'",
        _ => action.GetType().Name,
    };

    private HistoryEvent ToEvent(OrchestratorAction action) => action switch
    {
        ScheduleActivityAction a => new TaskScheduled(a.Id, a.Name, a.Input) { Attempt = a.Attempt, Timestamp = CurrentUtcDateTime },
        CreateTimerAction t => new TimerCreated(t.Id, t.FireAt) { Timestamp = CurrentUtcDateTime },
        StartSubOrchestrationAction s => new SubOrchestrationInstanceCreated(s.Id, s.Name, s.InstanceId, s.Input) { Timestamp = CurrentUtcDateTime },
        SendEventAction s => new EventSent(s.Id, s.InstanceId, s.EventName, s.Input) { Timestamp = CurrentUtcDateTime },
        CallEntityAction c => new EntityOperationCalled(c.Id, c.Entity.ToString(), c.Operation, c.Input) { Timestamp = CurrentUtcDateTime },
        SignalEntityAction c => new EntitySignaled(c.Id, c.Entity.ToString(), c.Operation, c.Input) { Timestamp = CurrentUtcDateTime },
        LockEntityAction l => new EntityLockRequested(l.Id, l.Entity.ToString()) { Timestamp = CurrentUtcDateTime },
        UnlockEntityAction u => new EntityUnlockSent(u.Id, u.Entity.ToString()) { Timestamp = CurrentUtcDateTime },
        _ => throw new ArgumentException($"Unknown action {action.GetType().Name}.", nameof(action)),
    };
}
