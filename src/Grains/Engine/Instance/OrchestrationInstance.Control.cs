using OrleansWorkflows.History;
using OrleansWorkflows.Replay;
using OrleansWorkflows.Runtime;
using OrleansWorkflows.Storage;

namespace OrleansWorkflows.Engine;

/// <summary>
/// Control episodes: terminate, suspend, resume, rewind and adopt each run as an episode of their own, in arrival order
/// (<see cref="OrchestrationControls"/> queues them). Continue-as-new keeps what the instance acknowledged: a suspend or
/// resume accepted while the continue-as-new commit was in flight applies to the new execution, once it has started.
/// </summary>
internal sealed partial class OrchestrationInstance
{
    /// <summary>Queues a control request for its episode; the task ends with its answer.</summary>
    public Task<OperationResult> EnqueueControl(ControlWork work)
    {
        if ((RefuseBeforeScheduledStart(work) ?? RefuseBeforeNextExecution(work)) is { } refused)
        {
            return Task.FromResult(refused);
        }

        var answered = _controls.Enqueue(work);
        _pump.Ensure();
        return answered;
    }

    /// <summary>The answer of a queued control request with <paramref name="requestId"/> (a repeat waits for it), or <c>null</c>.</summary>
    public Task<OperationResult>? QueuedControl(string requestId) => _controls.Find(requestId);

    /// <summary>
    /// A suspend or resume that arrives between a continue-as-new and the start of the new execution waits for that
    /// start (which would otherwise run over it): then it is applied to, and recorded in, the new execution.
    /// </summary>
    private bool WaitsForNewExecution(ControlWork control) =>
        control.Kind is ControlKind.Suspend or ControlKind.Resume && _start is { ExecutionId: not null };

    private async Task RunControlEpisodeAsync(ControlWork work)
    {
        var instance = View();
        if (Planner.Precheck(instance, work) is { } result)
        {
            _controls.Answer(work, result);
            return;
        }

        RewindRun? rewind = null;
        IEpisodeExecution? rewound = null;
        var now = Now;
        if (work.Kind == ControlKind.Rewind)
        {
            var stored = (await Store.ReadHistoryAsync(InstanceId)).Select(HistorySerializer.Deserialize).ToList();
            if (Planner.RefuseRewind(stored) is { } refused)
            {
                _controls.Answer(work, refused);
                return;
            }

            now = Now;
            instance = View();
            var executionId = Planner.NewExecutionId();
            rewound = NewExecutor();
            var replayed = (await rewound.ReplayAsync([.. stored, .. EpisodePlanner.RewindOpening(now, work.Reason)])).NewEvents;
            rewind = new RewindRun(executionId, rewound, replayed);
        }

        var plan = Planner.PlanControl(instance, work, now, rewind);
        PrepareTracing(plan);
        await CommitPlanAsync(plan, injectFaults: false, () =>
        {
            _controls.Dequeue();
            AfterControl(work, rewound);
            work.Done.TrySetResult(OperationResult.Ok);
        });
        Tracing.Committed();
        ResumeDeliveries();
        await RefreshWakeUpAsync();
    }

    private void AfterControl(ControlWork work, IEpisodeExecution? rewound)
    {
        switch (work.Kind)
        {
            case ControlKind.Terminate:
                _executor = null;
                DropScheduledStart();
                _start = null;
                foreach (var p in _pending)
                {
                    p.Committed.TrySetResult();
                }

                _pending.Clear();
                Leases.Clear();
                Timers.Arm();
                LogCompleted(InstanceId, _record!.Name, _record.Status);
                _finished.TrySetResult();
                break;
            case ControlKind.Resume:
                Timers.FireDue();
                RedispatchActivities(all: false);
                _pump.Ensure();
                break;
            case ControlKind.Adopt:
                // A continue-as-new start still waiting carries the new parent execution too.
                if (_start is { } next && next.ParentInstanceId == _record!.ParentInstanceId)
                {
                    _start = next with { ParentExecutionId = work.NewParentExecutionId };
                }

                break;
            case ControlKind.Rewind:
                _executor = rewound!.Outcome is null ? rewound : null;
                _finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                RedispatchActivities(all: true);
                Leases.EnsureTimer();
                Timers.Arm();
                break;
        }
    }

    /// <summary>
    /// Purges the instance in the store (see <see cref="OrchestrationControls.PurgeAsync"/>), conditional on the version
    /// this activation committed last: afterwards it holds nothing and is dropped once idle. Returns <c>false</c> (and the
    /// activation is given up) when the instance changed meanwhile.
    /// </summary>
    public async Task<bool> PurgeAsync(PurgeRequests purges, string? requestId)
    {
        if (!await purges.PurgeOnceAsync(requestId, _record!.Version))
        {
            _pump.Break(new ConcurrencyException($"Instance '{InstanceId}' changed while being purged."));
            return false;
        }

        _record = null;
        _state = new EngineState();
        _historyCount = 0;
        Inbox.Clear();
        Outbox.Clear();
        await RefreshWakeUpAsync();
        _host.DeactivateOnIdle();
        return true;
    }
}
