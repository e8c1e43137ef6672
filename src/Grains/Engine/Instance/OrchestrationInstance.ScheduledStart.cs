using OrleansWorkflows.Runtime;

namespace OrleansWorkflows.Engine;

/// <summary>
/// Scheduled starts: a start with a time in the future commits the instance as Pending (its execution id, input, version
/// and request id, and <see cref="EngineState.ScheduledStartAt"/>) with its wake-up at that time, and runs the start's
/// episode once the time has come (an in-memory grain timer within the precision horizon; the wake reminder beyond it;
/// the recovery sweep finds the stored wake-up after a restart). Events raised meanwhile wait in the inbox for the start;
/// a terminate cancels it; other control requests are refused until it has run.
/// </summary>
internal sealed partial class OrchestrationInstance
{
    private IGrainTimer? _scheduledStartTimer;

    /// <summary>A scheduled start is waiting for its time: no episode runs before it (control requests excepted).</summary>
    private bool StartScheduledLater => _start is { NotBefore: { } at } && at > Now;

    /// <summary>Commits the Pending record of a start scheduled for <paramref name="at"/>; the start runs then.</summary>
    private async Task<OperationResult> ScheduleStartAsync(StartRequest request, DateTime at)
    {
        var work = new StartWork(request.Name, request.Input, request.Version, request.TraceParent, null, null, null)
        {
            RequestId = request.RequestId,
            ExecutionId = NewExecutionId(),
            NotBefore = at,
        };

        // Marked as starting before the commit's await: a second start meanwhile is a conflict.
        _start = work;
        var plan = Planner.PlanScheduledStart(View(), Now, work);
        try
        {
            await CommitPlanAsync(plan, injectFaults: false, () => { });
        }
        catch
        {
            _start = null;
            throw;
        }

        if (_finished.Task.IsCompleted)
        {
            // A finished id reused by a scheduled start: waiters wait for the new execution.
            _finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        LogStartScheduled(InstanceId, request.Name, at);
        await RefreshWakeUpAsync();
        return new OperationResult(OperationOutcome.Accepted, work.ExecutionId);
    }

    /// <summary>What the instance waits for outside its code (its status' <see cref="OrchestrationMetadata.WaitingFor"/>).</summary>
    private string? WaitingForOutside() => !IsRunning ? null
        : _start is { NotBefore: { } at } ? $"its scheduled start time {at:O}"
        : _executor?.WaitingFor;

    /// <summary>The scheduled start a Pending record holds (after a restart), or <c>null</c>.</summary>
    private StartWork? StoredScheduledStart() =>
        _record is { Status: OrchestrationRuntimeStatus.Pending } record && _state.ScheduledStartAt is { } at
            ? new StartWork(record.Name, record.Input, _state.Version, _state.ScheduledTraceParent, null, null, null)
            {
                RequestId = _state.StartRequestId,
                ExecutionId = record.ExecutionId,
                NotBefore = at,
            }
            : null;

    /// <summary>Control requests before a scheduled start ran: a terminate cancels it, anything else is refused.</summary>
    private OperationResult? RefuseBeforeScheduledStart(ControlWork work) =>
        _start is { NotBefore: { } at } && work.Kind is not ControlKind.Terminate
            ? new OperationResult(OperationOutcome.NotAllowed,
                $"Instance '{InstanceId}' is scheduled to start at {at:O}; until it has started it can only be terminated.")
            : null;

    /// <summary>A terminate committed over a scheduled start: its timer goes (the start itself is dropped with
    /// <see cref="_start"/>).</summary>
    private void DropScheduledStart()
    {
        _scheduledStartTimer?.Dispose();
        _scheduledStartTimer = null;
    }

    /// <summary>The wake reminder's due time for a scheduled start beyond the precision horizon (grain timers serve the
    /// nearer ones), else <paramref name="due"/>.</summary>
    private DateTime? WithScheduledStart(DateTime? due) =>
        _start is { NotBefore: { } at } && at - Now >= Options.TimerPrecisionHorizon && (due is null || at < due) ? at : due;

    /// <summary>Arms an in-memory grain timer for a scheduled start due within the precision horizon.</summary>
    private void ArmScheduledStart()
    {
        if (_start is not { NotBefore: { } at } || _scheduledStartTimer is not null)
        {
            return;
        }

        var dueIn = at - Now;
        if (dueIn >= Options.TimerPrecisionHorizon)
        {
            return;
        }

        _scheduledStartTimer = _host.RegisterTimer(
            () =>
            {
                _scheduledStartTimer?.Dispose();
                _scheduledStartTimer = null;
                if (StartScheduledLater)
                {
                    ArmScheduledStart();
                }
                else if (!_pump.Broken)
                {
                    _pump.Ensure();
                }

                return Task.CompletedTask;
            },
            DurableTimers.OneShot(dueIn));
    }
}
