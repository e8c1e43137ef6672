using OrleansWorkflows.Hosting;
using OrleansWorkflows.Replay;
using OrleansWorkflows.Runtime;

namespace OrleansWorkflows.Engine;

/// <summary>
/// The activities an orchestration sent and has no result for, each with a lease: sent one-way to a worker grain,
/// re-sent when the lease expires (a lost request or a worker that died), checked every half lease by a grain timer
/// while any lease is held. A re-send reaches the same worker grain, which ignores it while the call still runs there.
/// </summary>
/// <param name="instanceId">The orchestration instance.</param>
/// <param name="grains">To reach the worker grains.</param>
/// <param name="options">Lease length and worker partitions.</param>
/// <param name="now">The engine clock.</param>
/// <param name="owner">The owner: its grain timer, its lease check (it knows which activities are still open) and the
/// <c>traceparent</c> of an activity call (the orchestration's span of the call).</param>
internal sealed class ActivityLeases(
    string instanceId,
    IGrainFactory grains,
    WorkflowEngineOptions options,
    Func<DateTime> now,
    IInstanceCallbacks owner)
{
    private readonly Dictionary<int, DateTime> _leases = [];
    private IGrainTimer? _timer;

    public int Count => _leases.Count;

    /// <summary>Sends newly scheduled activities and keeps their leases checked.</summary>
    public void Dispatch(string executionId, IEnumerable<ScheduleActivityAction> actions)
    {
        foreach (var action in actions)
        {
            Send(executionId, action);
        }

        EnsureTimer();
    }

    /// <summary>The activity's result arrived: its lease ends.</summary>
    public void Release(int taskId) => _leases.Remove(taskId);

    public void Clear() => _leases.Clear();

    /// <summary>
    /// Re-sends the <paramref name="open"/> activities whose lease expired (all of them when <paramref name="all"/>, after
    /// an activation or a rewind) and drops leases of activities no longer open.
    /// </summary>
    public void Redispatch(string executionId, IReadOnlyList<ScheduleActivityAction> open, bool all)
    {
        foreach (var action in open)
        {
            if (all || !_leases.TryGetValue(action.Id, out var at) || now() - at >= options.ActivityLease)
            {
                Send(executionId, action);
            }
        }

        foreach (var stale in _leases.Keys.Except(open.Select(a => a.Id)).ToList())
        {
            _leases.Remove(stale);
        }
    }

    /// <summary>Checks leases every half lease while any is held.</summary>
    public void EnsureTimer()
    {
        if (_timer is not null || _leases.Count == 0)
        {
            return;
        }

        var period = options.ActivityLease / 2;
        _timer = owner.RegisterTimer(
            () =>
            {
                owner.CheckLeases();
                if (_leases.Count == 0)
                {
                    _timer?.Dispose();
                    _timer = null;
                }

                return Task.CompletedTask;
            },
            new GrainTimerCreationOptions { DueTime = period, Period = period, Interleave = true, KeepAlive = false });
    }

    private void Send(string executionId, ScheduleActivityAction action)
    {
        var request = new ActivityRequest
        {
            InstanceId = instanceId, ExecutionId = executionId, TaskId = action.Id, Name = action.Name, Input = action.Input, Attempt = action.Attempt,
            TraceParent = owner.TraceParentOf(action.Id),
        };
        _leases[action.Id] = now();
        var partition = ActivityWorkerGrain.PartitionOf(request, options.ActivityWorkerPartitions);
        _ = GrainReferences.Get<IActivityWorkerGrain>(grains, partition).ExecuteAsync(request);
    }
}
