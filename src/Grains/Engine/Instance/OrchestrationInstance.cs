using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using OrleansWorkflows.History;
using OrleansWorkflows.Hosting;
using OrleansWorkflows.Replay;
using OrleansWorkflows.Runtime;
using OrleansWorkflows.Storage;

namespace OrleansWorkflows.Engine;

/// <summary>
/// One orchestration instance as an activation holds it, without the grain: the state as last committed (record,
/// engine state, history count), the running execution, the work waiting for an episode (a start, control requests,
/// activity results and timer fires, the inbox) and the one commit path every episode and control request takes
/// (<see cref="EpisodePlan"/>: wake-up, commit, then dispatch). Episodes run one at a time in a <see cref="MailboxPump"/>.
/// Control requests enter through <see cref="Controls"/>, repeated client requests are recognised by
/// <see cref="Requests"/>; Orleans-only operations go through the <see cref="IOrchestrationHost"/>. Split by concern:
/// activation and client requests (here), episodes, commit, control episodes, deliveries, dispatch, wake-ups, logging.
/// </summary>
internal sealed partial class OrchestrationInstance : IInstanceCallbacks, IMailboxOwner, IOutboxPort
{
    private readonly IOrchestrationHost _host;
    private readonly OrchestrationServices _services;
    private readonly ILogger _logger;
    private readonly PendingMessages _pending = new();
    private readonly ControlQueue _controls = new();
    private readonly MailboxPump _pump;
    private InstanceRecord? _record;
    private EngineState _state = new();
    private int _historyCount;
    private IEpisodeExecution? _executor;
    private bool _executorNeedsCommit;
    private bool _wokenFromOutside;
    private IReadOnlyList<HistoryEvent>? _replayFailure;
    private StartWork? _start;
    private TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private OrchestrationControls? _controlRequests; // created by the first control request
    private OrchestrationRequests? _requests; // created by the first request that needs its request id checked

    /// <summary>Creates the instance of <paramref name="host"/>'s id; <see cref="ActivateAsync"/> loads it.</summary>
    public OrchestrationInstance(IOrchestrationHost host, OrchestrationServices services, WakeReminder reminder)
    {
        _host = host;
        _services = services;
        _logger = services.Logger;
        InstanceId = host.InstanceId;
        Reminder = reminder;
        _pump = new MailboxPump(this);
        Tracing = new InstanceTracing(InstanceId);
        Planner = new EpisodePlanner(InstanceId, services.Wake, NewExecutionId)
        {
            Tracing = Tracing,
        };
        Inbox = new DurableInbox(InstanceId, Store, services.UtcNow);
        Outbox = new OutboxDelivery(InstanceId, this, Store, new OutboxQueue(), _logger);
        Leases = new ActivityLeases(InstanceId, host.GrainFactory, Options, services.UtcNow, this);
        Timers = new DurableTimers(Options.TimerPrecisionHorizon, services.UtcNow, this);
    }

    public string InstanceId { get; }

    /// <summary>Control requests: terminate, suspend, resume, rewind, purge, and a parent's rewind.</summary>
    public OrchestrationControls Controls => _controlRequests ??= new OrchestrationControls(this, Requests);

    /// <summary>Client requests repeated with their request id.</summary>
    public OrchestrationRequests Requests => _requests ??= new OrchestrationRequests(this, Store, _services.UtcNow);

    /// <summary>The instance as last committed; <c>null</c> when there is none.</summary>
    public InstanceRecord? Record => _record;

    /// <summary>The engine state as last committed.</summary>
    public EngineState State => _state;

    /// <summary>A start waiting for its episode (from a client, a parent or a continue-as-new).</summary>
    public StartWork? Starting => _start;

    /// <summary>Ends when the instance finishes (or this activation is dropped); a new start or a rewind makes a new one.</summary>
    public Task Finished => _finished.Task;

    public bool IsRunning => _record is { } r && !r.Status.IsTerminal();

    private IWorkflowStore Store => _services.Store;

    private WorkflowEngineOptions Options => _services.Options;

    private DateTime Now => _services.UtcNow();

    private bool IsSuspended => _record?.Status == OrchestrationRuntimeStatus.Suspended;

    /// <summary>A Failed instance keeps its inbox (the answers kept for a rewind) instead of running episodes over it; so does
    /// an instance waiting for its version (see <see cref="WaitingFor"/>).</summary>
    private bool HoldsInbox => IsSuspended || _record?.Status == OrchestrationRuntimeStatus.Failed || _waitingFor is not null;

    /// <summary>A suspended instance keeps received messages buffered (a Failed one its answers kept for a rewind); only
    /// control requests and a start run. Before a scheduled start's time only control requests run.</summary>
    private bool HasEpisodeWork => _controls.Count > 0 || (!StartScheduledLater && (_start is not null || _executorNeedsCommit
        || (_wokenFromOutside && IsRunning) || (!HoldsInbox && (_pending.Count > 0 || Inbox.Count > 0))));

    /// <summary>Plans every commit of the instance (see <see cref="EpisodePlanner"/>).</summary>
    public EpisodePlanner Planner { get; }

    private WakeRules Wake => Planner.Wake;

    private WakeReminder Reminder { get; }

    /// <summary>The received messages (see <see cref="DurableInbox"/>).</summary>
    private DurableInbox Inbox { get; }

    /// <summary>The committed outbox and its sending (see <see cref="OutboxDelivery"/>).</summary>
    private OutboxDelivery Outbox { get; }

    /// <summary>The activities sent and not answered (see <see cref="ActivityLeases"/>).</summary>
    private ActivityLeases Leases { get; }

    /// <summary>The open timers' in-memory grain timers (see <see cref="DurableTimers"/>).</summary>
    private DurableTimers Timers { get; }

    /// <summary>Loads the instance from the store, restores its execution and resumes whatever it has outstanding.</summary>
    public async Task ActivateAsync(CancellationToken cancellationToken)
    {
        _backlog = MailboxBacklog.Register(Inbox, Outbox, entity: false);
        try
        {
            var snapshot = await Store.LoadAsync(InstanceId, cancellationToken);
            if (snapshot is null)
            {
                // No instance: no wake reminder to look up (a stale one left by a purge unregisters itself when it ticks).
                Reminder.NoInstance();
                return;
            }

            _record = snapshot.Record;
            _state = EngineState.Parse(_record.EngineState);
            _historyCount = snapshot.History.Count;
            Inbox.Load(snapshot.Inbox);
            Outbox.Add(snapshot.Outbox);

            if (IsRunning && HoldsForVersion())
            {
                // Not here: the stored wake-up and reminder stay as the last commit left them (the sweep brings it back).
                ResumeDeliveries();
                return;
            }

            if (IsRunning)
            {
                await RestoreExecutionAsync(snapshot.History);
            }

            RedispatchActivities(all: true);
            Leases.EnsureTimer();
            Timers.FireDue();
            ResumeDeliveries();
            if (HasEpisodeWork)
            {
                _pump.Ensure();
            }

            await RefreshWakeUpAsync();
        }
        catch
        {
            Deactivated(); // a failed activation may never be deactivated: its mailbox leaves the gauges here
            throw;
        }
    }

    /// <summary>The activation is unusable (its episode loop broke): the caller retries and reaches the next one.</summary>
    public void ThrowIfBroken()
    {
        if (_pump.Broken)
        {
            throw new InstanceReloadingException($"Instance '{InstanceId}' is reloading from the store; retry the call.");
        }
    }

    /// <summary>Drops the activation once it is idle (the next call loads the instance from the store).</summary>
    public void DeactivateOnIdle() => _host.DeactivateOnIdle();

    bool IOutboxPort.Stopped => _pump.Broken;

    Task<WorkflowMessage?> IOutboxPort.SendAsync(string receiver, WorkflowMessage message) => WorkflowGrains.DeliverAsync(_host.GrainFactory, receiver, message);

    Task IOutboxPort.ApplyAnswerAsync(WorkflowMessage answer) => ApplyAnswerAsync(answer);

    Task<bool> IMailboxOwner.RunOnceAsync() => RunNextEpisodeAsync();

    void IMailboxOwner.OnPumpBreak(Exception exception) => OnBreak(exception);

    /// <summary>The instance as this activation last committed it, for the planner.</summary>
    private InstanceView View() => new(_record, _state, _historyCount, Outbox.Count, Inbox.Seen, _executor);

    private static string NewExecutionId() => RandomNumberGenerator.GetHexString(32, lowercase: true);

    private IEpisodeExecution NewExecutor() => _services.Runner.NewExecution(InstanceId, _host.Services, _host.WakeFromOutside);
}
