using System.Text.Json;
using OrleansWorkflows.History;
using OrleansWorkflows.Replay;
using OrleansWorkflows.Runtime;
using OrleansWorkflows.Storage;

namespace OrleansWorkflows.Engine;

/// <summary>Terminate, suspend, resume and rewind: each runs as an episode of its own, in arrival order.</summary>
internal sealed partial class OrchestrationGrain
{
    private readonly ControlQueue _controls = new();

    private bool IsSuspended => _record?.Status == OrchestrationRuntimeStatus.Suspended;

    public Task<OperationResult> TerminateAsync(string? reason, bool recursive, string? requestId) =>
        RunControlAsync(new ControlWork(ControlKind.Terminate, reason, recursive, null) { RequestId = requestId });

    public Task<OperationResult> SuspendAsync(string? reason, string? requestId) =>
        RunControlAsync(new ControlWork(ControlKind.Suspend, reason, false, null) { RequestId = requestId });

    public Task<OperationResult> ResumeAsync(string? reason, string? requestId) =>
        RunControlAsync(new ControlWork(ControlKind.Resume, reason, false, null) { RequestId = requestId });

    public Task<OperationResult> RewindAsync(string? reason, string? requestId) =>
        RunControlAsync(new ControlWork(ControlKind.Rewind, reason, false, null) { RequestId = requestId });

    public async Task<OperationResult> PurgeAsync(string? requestId)
    {
        ThrowIfBroken();
        if (await Purges.RepeatedAsync(requestId, ThrowIfBroken) is { } repeated)
        {
            return repeated;
        }

        if (_record is null)
        {
            DeactivateOnIdle();
            return NotFound();
        }

        if (!_record.Status.IsTerminal() || _start is not null)
        {
            return new OperationResult(OperationOutcome.NotAllowed, $"Instance '{InstanceId}' is {_record.Status}; only finished instances can be purged.");
        }

        if (Outbox.Count > 0)
        {
            // Purging would drop a message another instance waits for (a child's result, an entity unlock): deliver first.
            ResumeDeliveries();
            throw new InstanceReloadingException(
                $"Instance '{InstanceId}' still has {Outbox.Count} undelivered message(s) to other instances; it can be purged once they are delivered. Retry.");
        }

        if (!await Purges.PurgeOnceAsync(requestId, _record.Version))
        {
            _pump.Break(new ConcurrencyException($"Instance '{InstanceId}' changed while being purged."));
            throw new InstanceReloadingException($"Instance '{InstanceId}' changed while being purged; retry.");
        }

        _record = null;
        _state = new EngineState();
        _historyCount = 0;
        Inbox.Clear();
        Outbox.Clear();
        await RefreshWakeUpAsync();
        DeactivateOnIdle();
        return OperationResult.Ok;
    }

    private async Task<OperationResult> RunControlAsync(ControlWork work)
    {
        ThrowIfBroken();
        if (RepeatedControl(work) is { } repeated)
        {
            return await repeated;
        }

        var answered = _controls.Enqueue(work);
        _pump.Ensure();
        return await answered;
    }

    private OperationResult NotFound() => Planner.NotFound();

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
            var stored = (await _store.ReadHistoryAsync(InstanceId)).Select(HistorySerializer.Deserialize).ToList();
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
        await CommitPlanAsync(plan, injectFaults: false, () =>
        {
            _controls.Dequeue();
            AfterControl(work, rewound);
            work.Done.TrySetResult(OperationResult.Ok);
        });
        ResumeDeliveries();
        await RefreshWakeUpAsync();
    }

    private void AfterControl(ControlWork work, IEpisodeExecution? rewound)
    {
        switch (work.Kind)
        {
            case ControlKind.Terminate:
                _executor = null;
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
                AfterAdopt(work);
                break;
            case ControlKind.Rewind:
                _executor = rewound!.Outcome is null ? rewound : null;
                _finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                RedispatchActivities(all: true);
                EnsureLeaseTimer();
                Timers.Arm();
                break;
        }
    }
}
