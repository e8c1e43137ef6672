using OrleansWorkflows.Hosting;
using OrleansWorkflows.Runtime;
using OrleansWorkflows.Storage;

namespace OrleansWorkflows.Engine;

/// <summary>
/// One orchestration instance (key = instance id): the Orleans shell around its <see cref="OrchestrationInstance"/>,
/// which holds the instance in memory while active (the running orchestrator is replayed only on activation), runs its
/// episodes one at a time and commits them. The grain forwards its calls, hosts the instance's timers, reminder and
/// deactivation (<see cref="IOrchestrationHost"/>) and releases completion waiters when the activation deactivates. It is
/// not reentrant: only deliveries and status reads interleave (<c>[AlwaysInterleave]</c> on
/// <see cref="IOrchestrationGrain"/>), so deliveries arriving during an episode are batched into the next one.
/// Compared with the reentrant grain across 8-18 fresh silos per side (session 7, docs/benchmarks.md), no bench row
/// differed by more than the spread between silos.
/// </summary>
[GrainType("orchestration")]
[OrchestrationVersionPlacement]
internal sealed class OrchestrationGrain : Grain, IOrchestrationGrain, IOrchestrationWake, IRemindable, IOrchestrationHost
{
    private readonly OrchestrationInstance _instance;
    private readonly TaskCompletionSource _deactivating = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public OrchestrationGrain(OrchestrationServices services)
    {
        _instance = new OrchestrationInstance(this, services, new WakeReminder(this, services.Options, services.UtcNow));
    }

    /// <summary>The completion waits this activation holds now (a diagnostic for tests).</summary>
    internal int CompletionWaiters { get; private set; }

    public string InstanceId => this.GetPrimaryKeyString();

    IGrainFactory IWorkflowGrainHost.GrainFactory => GrainFactory;

    IServiceProvider IWorkflowGrainHost.Services => ServiceProvider;

    /// <summary>Loads the instance; a store failure reaches the waiting callers as the engine's own retryable error (no call filter sees activation).</summary>
    public override Task OnActivateAsync(CancellationToken cancellationToken) => StoreErrors.GuardAsync(() =>
    {
        DeactivationSignal.EnsureSubscribed();
        return _instance.ActivateAsync(cancellationToken);
    });

    /// <summary>The activation ends: its mailbox leaves the backlog gauges.</summary>
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _instance.Deactivated();
        return Task.CompletedTask;
    }

    /// <summary>Starts the instance. The start's placement hint (<see cref="StartPlacement"/>) has served once the call
    /// arrives: it is dropped, so that the answer does not carry it back to the caller.</summary>
    public Task<OperationResult> StartAsync(StartRequest request)
    {
        RequestContext.Remove(StartPlacement.Key);
        return _instance.StartAsync(request);
    }

    public Task<OperationResult> RaiseEventAsync(string eventName, string? payload, string? requestId) => _instance.RaiseEventAsync(eventName, payload, requestId);

    /// <summary>Delivers a message; a sub-orchestration's start comes with a placement hint, dropped as for <see cref="StartAsync"/>.</summary>
    public Task<WorkflowMessage?> DeliverAsync(WorkflowMessage message)
    {
        RequestContext.Remove(StartPlacement.Key);
        return _instance.DeliverAsync(message);
    }

    public Task DeliverResultAsync(WorkflowMessage message) => _instance.DeliverActivityResultAsync(message);

    public Task<OperationResult> TerminateAsync(string? reason, bool recursive, string? requestId) => _instance.Controls.TerminateAsync(reason, recursive, requestId);

    public Task<OperationResult> SuspendAsync(string? reason, string? requestId) => _instance.Controls.SuspendAsync(reason, requestId);

    public Task<OperationResult> ResumeAsync(string? reason, string? requestId) => _instance.Controls.ResumeAsync(reason, requestId);

    public Task<OperationResult> RewindAsync(string? reason, string? requestId) => _instance.Controls.RewindAsync(reason, requestId);

    public Task<OperationResult> PurgeAsync(string? requestId) => _instance.Controls.PurgeAsync(requestId);

    public Task<OrchestrationMetadata?> GetStatusAsync(bool includeInputsAndOutputs, bool includeHistory)
    {
        _instance.ThrowIfBroken();
        return _instance.GetStatusAsync(includeInputsAndOutputs, includeHistory);
    }

    public async Task<OrchestrationMetadata?> WaitForCompletionAsync(TimeSpan maxWait)
    {
        _instance.ThrowIfBroken();
        if (_instance.IsRunning && maxWait > TimeSpan.Zero)
        {
            // Answered the moment the instance finishes, or when this activation starts deactivating (Orleans would hold
            // the deactivation until this call returns): the caller then asks again and reaches the next activation.
            // maxWait is real time (it keeps the call below the caller's response timeout), not engine time.
            Task ended = Task.WhenAny(_instance.Finished, _deactivating.Task);
            CompletionWaiters++;
            await ended.WaitAsync(maxWait).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
            CompletionWaiters--;
        }

        return await _instance.GetStatusAsync(includeInputsAndOutputs: true, includeHistory: false);
    }

    /// <summary>A poke from the recovery sweep (see <see cref="OrchestrationInstance.WakeAsync"/>).</summary>
    public Task WakeAsync() => _instance.WakeAsync();

    public Task ReceiveReminder(string reminderName, Orleans.Runtime.TickStatus status) =>
        reminderName == WakeReminder.Name ? _instance.ReminderTickedAsync() : Task.CompletedTask;

    /// <summary>
    /// This activation started deactivating (idle collection, silo shutdown, migration, a forced deactivation): release
    /// the completion waiters now. Called by <see cref="DeactivationSignal"/> on the thread that deactivates.
    /// </summary>
    internal void OnDeactivating() => _deactivating.TrySetResult();

    IGrainTimer IOrchestrationHost.RegisterTimer(Func<Task> callback, GrainTimerCreationOptions options) => this.RegisterGrainTimer(callback, options);

    void IWorkflowGrainHost.DeactivateOnIdle() => DeactivateOnIdle();

    /// <summary>Migrates once idle, placed on <paramref name="silo"/> by the placement hint (see <see cref="VersionPlacementDirector"/>).</summary>
    void IOrchestrationHost.MigrateTo(SiloAddress silo)
    {
        RequestContext.Set(Orleans.Runtime.Placement.IPlacementDirector.PlacementHintKey, silo);
        try
        {
            MigrateOnIdle();
        }
        finally
        {
            RequestContext.Remove(Orleans.Runtime.Placement.IPlacementDirector.PlacementHintKey);
        }
    }

    /// <summary>Code awaited something non-durable that completed later: wake the grain so the failure is committed.</summary>
    void IOrchestrationHost.WakeFromOutside()
    {
        var self = this.AsReference<IOrchestrationGrain>();
        _ = Task.Run(() => self.DeliverAsync(WorkflowMessages.Wake()));
    }
}
