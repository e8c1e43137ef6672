using Microsoft.Extensions.Logging;
using OrleansWorkflows.History;

namespace OrleansWorkflows.Replay;

/// <summary>
/// Runs one execution of an orchestration from its history: pure (no Orleans types), synchronous from the caller's view.
/// The grain keeps one executor per active instance: <see cref="Replay"/> once on activation, then
/// <see cref="RunEpisode"/> for each batch of new events, so an episode costs O(new events), not O(history).
/// Events are applied one at a time, pumping the orchestrator until idle after each.
/// </summary>
internal sealed partial class OrchestrationExecutor : IExecutionView
{
    private readonly string _instanceId;
    private readonly Func<string, string?, ITaskOrchestrator?> _resolve;
    private readonly ILoggerFactory _loggers;
    private readonly Dictionary<int, (OrchestratorAction Action, IOpenTask? Task)> _unconfirmed = [];
    private readonly Dictionary<int, (OrchestratorAction Action, IOpenTask Task)> _open = [];
    private readonly Dictionary<int, CallSite> _callSites = [];
    private readonly List<HistoryEvent> _newEvents = [];
    private readonly List<OrchestratorAction> _newActions = [];
    private readonly List<EventWait> _eventWaits = [];
    private ReplayContext? _context;
    private Task<string?>? _orchestratorTask;
    private int _eventWaiters;
    private ExecutionOutcome? _replayOutcome;
    private List<EntityId> _historyLocks = [];

    /// <summary>Creates an executor that runs orchestrations by name only (every version alike).</summary>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="resolve">Creates the orchestrator registered under a name, or returns <c>null</c>.</param>
    /// <param name="loggers">For replay-safe loggers.</param>
    /// <param name="onOutsideContinuation">Called (on any thread) when code awaited something non-durable whose
    /// continuation arrived later; the owner should run an episode so the failure gets committed.</param>
    public OrchestrationExecutor(string instanceId, Func<string, ITaskOrchestrator?> resolve, ILoggerFactory loggers, Action? onOutsideContinuation = null)
        : this(instanceId, (name, _) => resolve(name), loggers, onOutsideContinuation)
    {
    }

    /// <summary>Creates an executor.</summary>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="resolve">Creates the orchestrator registered under (name, version of the ExecutionStarted), or returns <c>null</c>.</param>
    /// <param name="loggers">For replay-safe loggers.</param>
    /// <param name="onOutsideContinuation">Called (on any thread) when code awaited something non-durable whose
    /// continuation arrived later; the owner should run an episode so the failure gets committed.</param>
    public OrchestrationExecutor(string instanceId, Func<string, string?, ITaskOrchestrator?> resolve, ILoggerFactory loggers, Action? onOutsideContinuation = null)
    {
        _instanceId = instanceId;
        _resolve = resolve;
        _loggers = loggers;
        Scheduler = new OrchestrationScheduler(onOutsideContinuation ?? (() => { }));
    }

    public OrchestrationScheduler Scheduler { get; }

    /// <summary>
    /// Records the source file and line of the orchestrator code behind every scheduling call, for
    /// <see cref="NonDeterminismException.SourceFile"/>: the call expression itself when the compiler passed its caller
    /// information (<see cref="Caller"/>), else the statement a stack walk finds. Only for replay tests
    /// (<c>WorkflowReplayer</c>).
    /// </summary>
    public bool CaptureCallSites { get; init; }

    /// <summary>The non-determinism error that failed the last <see cref="Replay"/>, if any.</summary>
    public NonDeterminismException? Divergence { get; private set; }

    public bool IsReplaying { get; private set; }

    public DateTime CurrentUtcDateTime { get; private set; }

    /// <summary>The ExecutionStarted event, once seen.</summary>
    public ExecutionStarted? Started { get; private set; }

    /// <summary>How the execution ended, once it has.</summary>
    public ExecutionOutcome? Outcome { get; private set; }

    /// <summary>The custom status JSON set by the code.</summary>
    public string? CustomStatus => _context?.CustomStatus;

    /// <summary>Entities whose lock this execution's history requested and did not release (released by the grain when
    /// the execution ends). Kept from the recorded events, not from the code: code that fails on replay may not have
    /// asked again for the locks its history holds.</summary>
    public IReadOnlyList<EntityId> HeldEntityLocks => _historyLocks;

    /// <summary>Scheduled activities, timers and sub-orchestrations without a result yet, by sequence number.</summary>
    public IEnumerable<OrchestratorAction> OpenActions => _open.Values.Select(v => v.Action);

    /// <summary>True when <paramref name="taskId"/> is an open task of kind <typeparamref name="TAction"/>.</summary>
    public bool IsOpen<TAction>(int taskId)
        where TAction : OrchestratorAction => _open.TryGetValue(taskId, out var open) && open.Action is TAction;

    /// <summary>Replays recorded history (IsReplaying = true) as the history rules make it count
    /// (<see cref="RewindRules.Effective"/>): every replay path — activation, rewind — goes through here, so none can
    /// replay the raw history by mistake. A non-determinism error fails the execution; the failure is returned as new
    /// events to commit.</summary>
    /// <param name="storedHistory">The stored events of this execution, in order.</param>
    public EpisodeResult Replay(IReadOnlyList<HistoryEvent> storedHistory)
    {
        var history = RewindRules.Effective(storedHistory);
        _historyLocks = HistoryLocks.HeldAfter(history);
        IsReplaying = true;
        RunIsolated(() =>
        {
            try
            {
                foreach (var e in history)
                {
                    if (Outcome is not null)
                    {
                        break;
                    }

                    ApplyRecorded(e);
                }

                if (Outcome is null)
                {
                    CheckEpisodeBoundary();
                }

                if (Outcome is null && _replayOutcome is { } ended)
                {
                    throw NonDeterminismException.Mismatch(
                        Started?.Name ?? "?", _instanceId, _context?.NextSequenceForDiagnostics ?? 0,
                        "the orchestration still running", $"completed with status {ended.Status}");
                }
            }
            catch (NonDeterminismException ex)
            {
                Divergence = ex;
                Fail(ex);
            }
        });
        IsReplaying = false;
        return TakeResult();
    }

    /// <summary>
    /// Runs a live episode: <paramref name="events"/> (an <see cref="OrchestratorStarted"/> first, then the received
    /// messages as events) are applied one at a time. Returns the events to append (applied events that were accepted,
    /// then the scheduling events the code produced) and the actions to dispatch after the commit.
    /// </summary>
    /// <param name="events">The episode's events.</param>
    public EpisodeResult RunEpisode(IReadOnlyList<HistoryEvent> events)
    {
        IsReplaying = false;
        var applied = 0;
        RunIsolated(() =>
        {
            while (applied < events.Count && Outcome is null)
            {
                ApplyLive(events[applied++]);
            }

            CheckHealth();
        });
        CarryUnapplied(events.Skip(applied));
        return TakeResult();
    }

    /// <summary>
    /// Events of the episode after the one that ended the execution with continue-as-new were received but never
    /// applied: with <c>preserveUnprocessedEvents</c> they follow the buffered ones into the next execution, in order.
    /// </summary>
    private void CarryUnapplied(IEnumerable<HistoryEvent> unapplied)
    {
        if (Outcome is { Status: OrchestrationRuntimeStatus.ContinuedAsNew } outcome && _context?.ContinueAsNewRequest is { PreserveEvents: true })
        {
            Outcome = outcome with { CarriedEvents = [.. outcome.CarriedEvents, .. unapplied.OfType<EventRaised>()] };
        }
    }

    internal void AddAction(OrchestratorAction action, IOpenTask? task, Caller caller = default)
    {
        if (CaptureCallSites && (caller.ToCallSite() ?? CallSite.Capture()) is { } site)
        {
            _callSites[action.Id] = site;
        }

        if (IsReplaying)
        {
            _unconfirmed[action.Id] = (action, task);
            return;
        }

        Record(ToEvent(action));
        _newActions.Add(action);
        if (task is not null)
        {
            _open[action.Id] = (action, task);
        }
    }

    internal void CancelTimer(int id)
    {
        if (_open.Remove(id, out var open))
        {
            open.Task.Cancel();
        }
        else if (_unconfirmed.TryGetValue(id, out var pending))
        {
            // Still matched against history on replay, but no longer awaited.
            _unconfirmed[id] = (pending.Action, null);
            pending.Task?.Cancel();
        }
    }

    internal void TrackEventWaiter(int delta) => _eventWaiters += delta;

    /// <summary>Live episodes report the external event waits they end (<see cref="EpisodeResult.EventWaits"/>, for their
    /// spans) while this is set; off, nothing is allocated for them.</summary>
    public bool ReportsEventWaits { get; set; }

    internal void EventWaitEnded(EventRaised raised, DateTime since)
    {
        if (ReportsEventWaits && !IsReplaying)
        {
            _eventWaits.Add(new EventWait(raised.Name, since, raised));
        }
    }

    private EpisodeResult TakeResult()
    {
        var result = new EpisodeResult([.. _newEvents], [.. _newActions]);
        if (_eventWaits.Count > 0)
        {
            result = result with { EventWaits = [.. _eventWaits] };
            _eventWaits.Clear();
        }

        _newEvents.Clear();
        _newActions.Clear();
        return result;
    }

    private void Record(HistoryEvent e)
    {
        _newEvents.Add(e.Timestamp == default ? e with { Timestamp = CurrentUtcDateTime } : e);
        HistoryLocks.Apply(_historyLocks, e);
    }

    /// <summary>
    /// Runs <paramref name="body"/> inside <c>new Task(body).RunSynchronously(TaskScheduler.Default)</c> with no
    /// SynchronizationContext: durable tasks are completed from inside it, so code using ConfigureAwait(false) resumes
    /// inline within this call (and is then caught by the context's scheduler check) instead of escaping.
    /// </summary>
    private void RunIsolated(Action body)
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            var task = new Task(() =>
            {
                using var owner = Scheduler.Enter();
                body();
            });
            task.RunSynchronously(TaskScheduler.Default);
            task.GetAwaiter().GetResult();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }
}

/// <summary>What an episode produced.</summary>
/// <param name="NewEvents">History events to append.</param>
/// <param name="Actions">Actions to dispatch after the commit.</param>
internal sealed record EpisodeResult(IReadOnlyList<HistoryEvent> NewEvents, IReadOnlyList<OrchestratorAction> Actions)
{
    /// <summary>The external event waits the episode ended (for their spans; empty unless asked for, see
    /// <see cref="OrchestrationExecutor.ReportsEventWaits"/>).</summary>
    public IReadOnlyList<EventWait> EventWaits { get; init; } = [];
}
