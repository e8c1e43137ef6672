using OrleansWorkflows.DurableTask.Grpc.Protocol;
using OrleansWorkflows.DurableTask.Grpc.Workers;
using OrleansWorkflows.Engine;
using OrleansWorkflows.History;
using OrleansWorkflows.Replay;
using P = Microsoft.DurableTask.Protobuf;

namespace OrleansWorkflows.DurableTask.Grpc.Remote;

/// <summary>
/// One execution of an orchestration that a remote worker runs. It keeps the execution's history (what the worker
/// replays) and what it waits for, read from the events, not from code. An episode sends the history and the episode's
/// applied events to a worker with a completion token and maps the actions that come back to history events and engine
/// actions; the grain commits and dispatches them as for an in-process episode. When no worker serves the name, or none
/// answers in time, the episode commits the applied events alone and the execution is <em>waiting for a worker</em>:
/// it asks to be woken when a worker may answer (at once when one connected meanwhile, after a pause when a serving
/// worker did not answer in time, else when one connects) and holds a recovery wake-up (the sweep asks again while a
/// worker serves it, and it is looked at again after a restart too).
/// The next episode sends the whole history again; a Durable Task worker returns only the actions that history does
/// not hold yet, so nothing is scheduled twice.
/// </summary>
internal sealed class RemoteExecution(string instanceId, WorkerHub hub, TimeSpan episodeTimeout, Action wake) : IEpisodeExecution
{
    /// <summary>How long an episode that a serving worker did not answer (in time) waits before it is asked again.</summary>
    internal static readonly TimeSpan RetryPause = TimeSpan.FromSeconds(1);

    private readonly List<HistoryEvent> _history = [];
    private readonly Dictionary<int, OrchestratorAction> _open = [];
    private ExecutionStarted? _started;
    private bool _waitsForWorker;

    public ExecutionOutcome? Outcome { get; private set; }

    public string? CustomStatus { get; private set; }

    public IReadOnlyList<EntityId> HeldEntityLocks => [];

    /// <summary>No connected worker serves the orchestration (its episode waits), or one of its activity calls.</summary>
    public string? WaitingFor => _waitsForWorker && _started is { } started && !hub.IsServedAnywhere(orchestration: true, started.Name)
        ? $"a worker for orchestration '{started.Name}'"
        : RemoteEpisodeRunner.WaitingActivity(hub, instanceId);

    /// <summary>The open tasks, and while the execution waits for a worker, <see cref="AwaitingWorker"/> (open work: the
    /// instance keeps a recovery wake-up).</summary>
    public IEnumerable<OrchestratorAction> OpenActions => _waitsForWorker ? _open.Values.Append(AwaitingWorker.Instance) : _open.Values;

    /// <summary>While no worker has answered the last events and one serves the orchestration now, the instance's
    /// recovery wake-up asks again (the backstop behind the wake on connect and the retry after a pause).</summary>
    public bool AsksAgainOnWake => _waitsForWorker && _started is { } started && hub.IsServedAnywhere(orchestration: true, started.Name);

    public bool IsOpen<TAction>(int taskId)
        where TAction : OrchestratorAction => _open.TryGetValue(taskId, out var action) && action is TAction;

    public ValueTask<EpisodeResult> ReplayAsync(IReadOnlyList<HistoryEvent> history)
    {
        foreach (var e in RewindRules.Effective(history))
        {
            Apply(e);
            _history.Add(e);
        }

        if (Outcome is null && _started is not null)
        {
            // Whether a worker saw the last events is not recorded: ask one (it returns only what history lacks), at once
            // when one serves it, else when one connects.
            _waitsForWorker = true;
            hub.WakeWhenServed(instanceId, _started.Name, hub.Connects, TimeSpan.Zero, wake);
        }

        return ValueTask.FromResult(new EpisodeResult([], []));
    }

    public async ValueTask<EpisodeResult> RunEpisodeAsync(IReadOnlyList<HistoryEvent> events)
    {
        var applied = new List<HistoryEvent>();
        foreach (var e in events)
        {
            if (Accepts(e))
            {
                Apply(e);
                applied.Add(e);
            }
        }

        var news = applied.Any(e => e is not OrchestratorStarted);
        if (Outcome is not null || _started is null || (!news && !_waitsForWorker))
        {
            _history.AddRange(applied);
            return new EpisodeResult(applied, []);
        }

        var request = new P.OrchestratorRequest { InstanceId = instanceId, ExecutionId = _started.ExecutionId };
        request.PastEvents.AddRange(ProtoHistory.ToProto(_history, instanceId));
        request.NewEvents.AddRange(ProtoHistory.ToProto(applied, instanceId));
        var connects = hub.Connects;
        var response = await hub.RunOrchestratorAsync(_started.Name, request, episodeTimeout);
        _history.AddRange(applied);
        if (response is null)
        {
            // Asked again when a worker may answer: one connected meanwhile (at once; the wake gets an episode of its own
            // even while this one commits), one serves it but did not answer in time (after a pause), or the next to connect.
            _waitsForWorker = true;
            hub.WakeWhenServed(instanceId, _started.Name, connects, RetryPause, wake);
            return new EpisodeResult(applied, []);
        }

        _waitsForWorker = false;
        CustomStatus = response.CustomStatus;
        var now = applied.FirstOrDefault()?.Timestamp ?? default;
        var episode = ProtoActions.ToEpisode(response, now);
        foreach (var e in episode.Events)
        {
            Apply(e);
            _history.Add(e);
        }

        Outcome = episode.Outcome ?? Outcome;
        return new EpisodeResult([.. applied, .. episode.Events], episode.Actions);
    }

    /// <summary>Live events the execution can use (as the in-process executor): a start, an event, the result of an open task.</summary>
    private bool Accepts(HistoryEvent e) => e switch
    {
        OrchestratorStarted => true,
        ExecutionStarted => _started is null,
        EventRaised => _started is not null,
        TaskCompleted or TaskFailed => IsOpen<ScheduleActivityAction>(((ICompletionEvent)e).TaskScheduledId),
        TimerFired fired => IsOpen<CreateTimerAction>(fired.TimerId),
        SubOrchestrationInstanceCompleted or SubOrchestrationInstanceFailed => IsOpen<StartSubOrchestrationAction>(((ICompletionEvent)e).TaskScheduledId),
        _ => false,
    };

    private void Apply(HistoryEvent e)
    {
        switch (e)
        {
            case ExecutionStarted started:
                _started = started;
                break;
            case TaskScheduled task:
                _open[task.EventId] = new ScheduleActivityAction(task.EventId, task.Name, task.Input, task.Attempt);
                break;
            case TimerCreated timer:
                _open[timer.EventId] = new CreateTimerAction(timer.EventId, timer.FireAt);
                break;
            case SubOrchestrationInstanceCreated child:
                _open[child.EventId] = new StartSubOrchestrationAction(child.EventId, child.Name, child.InstanceId, child.Input);
                break;
            case ICompletionEvent completion:
                _open.Remove(completion.TaskScheduledId);
                break;
            case ExecutionCompleted completed:
                Outcome = new ExecutionOutcome(completed.OrchestrationStatus, completed.Result, completed.FailureDetails, []);
                break;
        }
    }

    /// <summary>Not a task: marks an execution whose last events no worker has answered yet.</summary>
    internal sealed record AwaitingWorker() : OrchestratorAction(-1)
    {
        public static AwaitingWorker Instance { get; } = new();
    }
}
