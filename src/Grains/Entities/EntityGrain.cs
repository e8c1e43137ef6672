using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansWorkflows.Engine;
using OrleansWorkflows.Hosting;
using OrleansWorkflows.Runtime;
using OrleansWorkflows.Storage;

namespace OrleansWorkflows.Entities;

/// <summary>
/// One durable entity (key <c>@name@key</c>): the Orleans shell around its <see cref="EntityInstance"/>, which holds the
/// entity's state, inbox and outbox and runs its operations. The grain forwards its calls and hosts the instance's
/// deactivation (<see cref="IWorkflowGrainHost"/>). Not reentrant: only deliveries and the status read interleave
/// (<c>[AlwaysInterleave]</c> on <see cref="IEntityGrain"/>). Compared with the reentrant grain across 8-9 fresh silos
/// per side (session 7, docs/benchmarks.md), entity signals showed no difference beyond the spread between silos.
/// </summary>
[GrainType("entity")]
internal sealed class EntityGrain : Grain, IEntityGrain, IEntityWake, IRemindable, IWorkflowGrainHost
{
    private readonly EntityInstance _instance;

    public EntityGrain(
        IWorkflowStore store,
        WorkflowRegistry registry,
        IOptions<WorkflowEngineOptions> options,
        [FromKeyedServices(WorkflowHostingExtensions.ClockKey)] TimeProvider clock,
        ILogger<EntityGrain> logger) =>
        _instance = new EntityInstance(this, store, registry, options.Value, clock, logger);

    public string InstanceId => this.GetPrimaryKeyString();

    IGrainFactory IWorkflowGrainHost.GrainFactory => GrainFactory;

    IServiceProvider IWorkflowGrainHost.Services => ServiceProvider;

    /// <summary>Loads the entity; a store failure reaches the waiting callers as the engine's own retryable error (no call filter sees activation).</summary>
    public override Task OnActivateAsync(CancellationToken cancellationToken) => StoreErrors.GuardAsync(() => _instance.ActivateAsync(cancellationToken));

    /// <summary>The activation ends: its mailbox leaves the backlog gauges.</summary>
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _instance.Deactivated();
        return Task.CompletedTask;
    }

    public Task<WorkflowMessage?> DeliverAsync(WorkflowMessage message) => _instance.DeliverAsync(message);

    public Task<OperationResult> SignalAsync(string operationName, string? input, string? requestId) =>
        _instance.SignalAsync(operationName, input, requestId, CallerTraceContext.Current);

    public Task<EntityMetadata?> GetAsync(bool includeState) => _instance.GetAsync(includeState);

    /// <summary>A poke from the recovery sweep (see <see cref="EntityInstance.WakeAsync"/>).</summary>
    public Task WakeAsync() => _instance.WakeAsync();

    /// <summary>A reminder an earlier version registered per busy entity: taken as a wake-up, then removed.</summary>
    public async Task ReceiveReminder(string reminderName, Orleans.Runtime.TickStatus status)
    {
        if (reminderName != EntityInstance.LegacyWakeReminderName || !await _instance.LegacyReminderTickedAsync())
        {
            return;
        }

        if (await this.GetReminder(EntityInstance.LegacyWakeReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    void IWorkflowGrainHost.DeactivateOnIdle() => DeactivateOnIdle();
}
