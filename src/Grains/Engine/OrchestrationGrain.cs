using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansWorkflows.Hosting;
using OrleansWorkflows.Replay;
using OrleansWorkflows.Runtime;
using OrleansWorkflows.Storage;

namespace OrleansWorkflows.Engine;

/// <summary>
/// One orchestration instance (key = instance id). It keeps the running orchestrator in memory while active and
/// replays history only on activation. All state changes happen in episodes (run by a <see cref="MailboxPump"/>), one at a time.
/// The grain is not reentrant: only deliveries and status reads interleave (<c>[AlwaysInterleave]</c> on
/// <see cref="IOrchestrationGrain"/>), so deliveries arriving during an episode are batched into the next one. Split by
/// concern: episodes and commits, dispatch (activities, outbox), timers and reminders, logging.
/// </summary>
[GrainType("orchestration")]
internal sealed partial class OrchestrationGrain : Grain, IOrchestrationGrain, IOrchestrationWake, IRemindable
{
    private readonly IWorkflowStore _store;
    private readonly WorkflowRegistry _registry;
    private readonly WorkflowEngineOptions _options;
    private readonly TimeProvider _clock;
    private readonly IEpisodeRunner _runner;
    private readonly ILogger _logger;
    private readonly ICommitInterceptor _interceptor;
    private readonly PendingMessages _pending = new();
    private InstanceRecord? _record;
    private EngineState _state = new();
    private int _historyCount;
    private IEpisodeExecution? _executor;
    private StartWork? _start;
    private readonly MailboxPump _pump;
    private TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _deactivating = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public OrchestrationGrain(
        IWorkflowStore store,
        WorkflowRegistry registry,
        IOptions<WorkflowEngineOptions> options,
        [FromKeyedServices(WorkflowHostingExtensions.ClockKey)] TimeProvider clock,
        ILoggerFactory loggers,
        IEpisodeRunner runner,
        ICommitInterceptor interceptor)
    {
        _store = store;
        _registry = registry;
        _options = options.Value;
        _clock = clock;
        _runner = runner;
        _logger = loggers.CreateLogger<OrchestrationGrain>();
        _interceptor = interceptor;
        _pump = new MailboxPump(RunNextEpisodeAsync, OnBreak);
    }

    private string InstanceId => this.GetPrimaryKeyString();

    private DateTime Now => _clock.GetUtcNow().UtcDateTime;

    private bool IsRunning => _record is { } r && !r.Status.IsTerminal();

    /// <summary>Loads the instance; a store failure reaches the waiting callers as the engine's own retryable error (no call filter sees activation).</summary>
    public override Task OnActivateAsync(CancellationToken cancellationToken) => StoreErrors.GuardAsync(() => ActivateAsync(cancellationToken));

    private async Task ActivateAsync(CancellationToken cancellationToken)
    {
        DeactivationSignal.EnsureSubscribed();
        var snapshot = await _store.LoadAsync(InstanceId, cancellationToken);
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

        if (IsRunning)
        {
            await RestoreExecutionAsync(snapshot.History);
        }

        RedispatchActivities(all: true);
        EnsureLeaseTimer();
        Timers.FireDue();
        ResumeDeliveries();
        if (HasEpisodeWork)
        {
            _pump.Ensure();
        }

        await RefreshWakeUpAsync();
    }

    public async Task<OperationResult> StartAsync(StartRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await RepeatedStartAsync(request.RequestId) is { } repeated)
        {
            return repeated;
        }

        if (RefuseStart(request.Name, request.Input) is { } refused)
        {
            return refused;
        }

        var work = new StartWork(request.Name, request.Input, request.Version, request.TraceParent, null, null, null) { RequestId = request.RequestId };
        await RunStartAsync(work);
        return work.Result!;
    }

    public async Task<OperationResult> RaiseEventAsync(string eventName, string? payload, string? requestId)
    {
        ThrowIfBroken();
        if (_record is null)
        {
            DeactivateOnIdle();
            return new OperationResult(OperationOutcome.NotFound, $"No orchestration instance '{InstanceId}' exists.");
        }

        if (!IsRunning)
        {
            return await IsRepeatedRequestAsync(requestId)
                ? OperationResult.Ok
                : new OperationResult(OperationOutcome.InstanceFinished, $"Instance '{InstanceId}' is {_record.Status} and accepts no more events.");
        }

        if (payload is { Length: var length } && length > _options.MaxPayloadLength)
        {
            return new OperationResult(OperationOutcome.InvalidInput, $"The event payload has {length} characters; the limit is {_options.MaxPayloadLength}.");
        }

        if (ReservedNames.ValidateEventName(eventName) is { } reserved)
        {
            return new OperationResult(OperationOutcome.InvalidInput, reserved);
        }

        // Addressed to the instance, not to an execution: an event accepted while a continue-as-new commit is in flight
        // belongs to the next execution (see AppliesTo).
        var message = WorkflowMessages.EventRaised(eventName, payload);
        await AppendToInboxAsync(message, requestId: requestId);
        return OperationResult.Ok;
    }

    public Task<OrchestrationMetadata?> GetStatusAsync(bool includeInputsAndOutputs, bool includeHistory)
    {
        ThrowIfBroken();
        return BuildStatusAsync(includeInputsAndOutputs, includeHistory);
    }

    public async Task<OrchestrationMetadata?> WaitForCompletionAsync(TimeSpan maxWait)
    {
        ThrowIfBroken();
        if (IsRunning && maxWait > TimeSpan.Zero)
        {
            // Answered the moment the instance finishes, or when this activation starts deactivating (Orleans would hold
            // the deactivation until this call returns): the caller then asks again and reaches the next activation.
            // maxWait is real time (it keeps the call below the caller's response timeout), not engine time.
            Task ended = Task.WhenAny(_finished.Task, _deactivating.Task);
            CompletionWaiters++;
            await ended.WaitAsync(maxWait).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
            CompletionWaiters--;
        }

        return await BuildStatusAsync(includeInputsAndOutputs: true, includeHistory: false);
    }

    /// <summary>The completion waits this activation holds now (a diagnostic for tests).</summary>
    internal int CompletionWaiters { get; private set; }

    /// <summary>
    /// This activation started deactivating (idle collection, silo shutdown, migration, a forced deactivation): release
    /// the completion waiters now. Called by <see cref="DeactivationSignal"/> on the thread that deactivates.
    /// </summary>
    internal void OnDeactivating() => _deactivating.TrySetResult();

    private async Task<OrchestrationMetadata?> BuildStatusAsync(bool includeInputsAndOutputs, bool includeHistory)
    {
        if (_record is not { } record)
        {
            DeactivateOnIdle();
            return null;
        }

        string? history = null;
        if (includeHistory)
        {
            var events = await _store.ReadHistoryAsync(InstanceId);
            history = "[" + string.Join(",", events) + "]";
        }

        return StatusMapping.ToMetadata(record, includeInputsAndOutputs, history);
    }

    private OperationResult? RefuseStart(string name, string? input)
    {
        ThrowIfBroken();
        if (!_registry.HasOrchestrator(name))
        {
            return new OperationResult(OperationOutcome.UnknownOrchestration, $"No orchestration named '{name}' is registered.");
        }

        if (input is { Length: var length } && length > _options.MaxPayloadLength)
        {
            return new OperationResult(OperationOutcome.InvalidInput, $"The input has {length} characters; the limit is {_options.MaxPayloadLength}.");
        }

        if (IsRunning || _start is not null)
        {
            return new OperationResult(OperationOutcome.AlreadyExists, $"Instance '{InstanceId}' already exists and is {_record?.Status.ToString() ?? "starting"}.");
        }

        return null;
    }

    private void ThrowIfBroken()
    {
        if (_pump.Broken)
        {
            throw new InstanceReloadingException($"Instance '{InstanceId}' is reloading from the store; retry the call.");
        }
    }
}
