using OrleansWorkflows.History;

namespace OrleansWorkflows.Replay;

internal sealed partial class OrchestrationExecutor
{
    private void ApplyRecorded(HistoryEvent e)
    {
        if (_replayOutcome is not null && e is not ExecutionCompleted and not ExecutionTerminated)
        {
            throw NonDeterminismException.Mismatch(
                Started?.Name ?? "?", _instanceId, _context?.NextSequenceForDiagnostics ?? 0,
                $"{e.GetType().Name} (the orchestration still running)", $"completed with status {_replayOutcome.Status}");
        }

        switch (e)
        {
            case OrchestratorStarted:
                CheckEpisodeBoundary();
                CurrentUtcDateTime = e.Timestamp;
                break;
            case ISchedulingEvent scheduled:
                Confirm(scheduled);
                break;
            case ExecutionTerminated or ExecutionSuspended or ExecutionResumed or ExecutionRewound:
                // Recorded by the grain; they change how messages reach the code, not what the code does.
                break;
            case ExecutionCompleted completed:
                _replayOutcome = null;
                Outcome = new ExecutionOutcome(completed.OrchestrationStatus, completed.Result, completed.FailureDetails, []);
                break;
            default:
                Deliver(e);
                break;
        }
    }

    private void ApplyLive(HistoryEvent e)
    {
        if (e is OrchestratorStarted)
        {
            CurrentUtcDateTime = e.Timestamp;
            Record(e);
            return;
        }

        if (e is ISchedulingEvent or ExecutionCompleted)
        {
            throw new ArgumentException($"{e.GetType().Name} is produced by the executor, not applied to it.", nameof(e));
        }

        if (Accepts(e))
        {
            Record(e);
            Deliver(e);
        }
    }

    /// <summary>Live events the execution can use: a start, an event, or the result of an open task of the right kind.</summary>
    private bool Accepts(HistoryEvent e) => e switch
    {
        ExecutionStarted => Started is null,
        EventRaised => Started is not null,
        TaskCompleted or TaskFailed => IsOpen<ScheduleActivityAction>(((ICompletionEvent)e).TaskScheduledId),
        TimerFired fired => IsOpen<CreateTimerAction>(fired.TimerId),
        SubOrchestrationInstanceCompleted or SubOrchestrationInstanceFailed => IsOpen<StartSubOrchestrationAction>(((ICompletionEvent)e).TaskScheduledId),
        EntityOperationCompleted c => IsOpen<CallEntityAction>(c.TaskScheduledId),
        EntityOperationFailed f => IsOpen<CallEntityAction>(f.TaskScheduledId) || IsOpen<LockEntityAction>(f.TaskScheduledId),
        EntityLockGranted g => IsOpen<LockEntityAction>(g.TaskScheduledId),
        _ => false,
    };

    private void Deliver(HistoryEvent e)
    {
        switch (e)
        {
            case ExecutionStarted started:
                Start(started);
                break;
            case EventRaised raised:
                _context?.DeliverEvent(raised);
                break;
            case TaskCompleted c:
                Resolve(c.TaskScheduledId)?.Complete(c.Result);
                break;
            case TaskFailed f:
                FailTask(f.TaskScheduledId, f.FailureDetails);
                break;
            case TimerFired fired:
                Resolve(fired.TimerId)?.Complete(null);
                break;
            case SubOrchestrationInstanceCompleted c:
                Resolve(c.TaskScheduledId)?.Complete(c.Result);
                break;
            case SubOrchestrationInstanceFailed f:
                FailTask(f.TaskScheduledId, f.FailureDetails);
                break;
            case EntityOperationCompleted c:
                Resolve(c.TaskScheduledId)?.Complete(c.Result);
                break;
            case EntityLockGranted g:
                Resolve(g.TaskScheduledId)?.Complete(null);
                break;
            case EntityOperationFailed f:
                FailTask(f.TaskScheduledId, f.FailureDetails);
                break;
            default:
                throw new ArgumentException($"Unexpected history event {e.GetType().Name}.", nameof(e));
        }

        Scheduler.Pump();
        AfterPump();
    }

    private IOpenTask? Resolve(int id) => _open.Remove(id, out var open) ? open.Task : null;

    private void FailTask(int id, FailureDetails failure)
    {
        if (_open.Remove(id, out var open))
        {
            var name = open.Action switch
            {
                ScheduleActivityAction a => a.Name,
                StartSubOrchestrationAction s => s.Name,
                CallEntityAction c => $"{c.Operation} on {c.Entity}",
                LockEntityAction l => $"lock on {l.Entity}",
                _ => open.Action.GetType().Name,
            };
            open.Task.Fail(new TaskFailedException(name, id, failure));
        }
    }

    private void Start(ExecutionStarted started)
    {
        Started = started;
        _context = new ReplayContext(this, _instanceId, started, _loggers);
        var orchestrator = _resolve(started.Name, started.Version);
        if (orchestrator is null)
        {
            Fail(new InvalidOperationException(started.Version is null
                ? $"No orchestration named '{started.Name}' is registered on this silo."
                : $"Version '{started.Version}' of orchestration '{started.Name}' is not registered on this silo."));
            return;
        }

        var context = _context;
        using (ExecutionContext.SuppressFlow())
        {
            // An empty ExecutionContext: AsyncLocal values, RequestContext and Activity.Current of the call that
            // happens to start the coroutine must not leak into it (a replay would see different values).
            _orchestratorTask = Task.Factory.StartNew(
                () => orchestrator.RunAsync(context), CancellationToken.None, TaskCreationOptions.DenyChildAttach, Scheduler).Unwrap();
        }
    }

    private void AfterPump()
    {
        if (Outcome is not null)
        {
            return;
        }

        var outcome = ComputeOutcome();
        if (outcome is null)
        {
            return;
        }

        if (IsReplaying)
        {
            // The recorded ExecutionCompleted must come next; ApplyRecorded checks it.
            _replayOutcome = outcome;
            return;
        }

        Outcome = outcome;
        Record(new ExecutionCompleted(outcome.Status, outcome.Output, outcome.Failure));
    }

    private ExecutionOutcome? ComputeOutcome()
    {
        if (Scheduler.Violation is { } violation && !IsReplaying)
        {
            return Failed(new InvalidOperationException(violation));
        }

        if (_orchestratorTask is not { IsCompleted: true } task)
        {
            return null;
        }

        if (task.IsFaulted)
        {
            return Failed(task.Exception!.InnerExceptions.Count == 1 ? task.Exception.InnerException! : task.Exception);
        }

        if (task.IsCanceled)
        {
            return Failed(new TaskCanceledException("The orchestration was canceled: it awaited a canceled task and did not handle it."));
        }

        if (_context!.ContinueAsNewRequest is { } next)
        {
            return new ExecutionOutcome(
                OrchestrationRuntimeStatus.ContinuedAsNew, next.Input, null, next.PreserveEvents ? [.. _context.UnconsumedEvents] : [])
            {
                NewVersion = next.NewVersion,
            };
        }

        return new ExecutionOutcome(OrchestrationRuntimeStatus.Completed, task.Result, null, []);
    }

    private static ExecutionOutcome Failed(Exception exception) =>
        new(OrchestrationRuntimeStatus.Failed, null, FailureDetails.FromException(exception), []);

    private void Fail(Exception exception)
    {
        Outcome = Failed(exception);
        Record(new ExecutionCompleted(OrchestrationRuntimeStatus.Failed, null, Outcome.Failure));
    }

    /// <summary>After a live episode: a violation or code that can never resume fails the instance.</summary>
    private void CheckHealth()
    {
        if (Outcome is not null)
        {
            return;
        }

        if (Scheduler.Violation is { } violation)
        {
            Fail(new InvalidOperationException(violation));
        }
        else if (_orchestratorTask is { IsCompleted: false } && _open.Count == 0 && _eventWaiters == 0)
        {
            Fail(new InvalidOperationException(
                $"Orchestration '{Started?.Name}' (instance '{_instanceId}') is stuck: it awaits a task that is not a durable task " +
                "(Task.Delay, Task.Run, I/O, an HttpClient or grain call, or a TaskCompletionSource) and has no activity, timer, " +
                "sub-orchestration or external event pending, so it can never resume. Await only tasks returned by the " +
                "OrchestrationContext; do I/O in activities and use context.CreateTimer for delays."));
        }
    }
}
