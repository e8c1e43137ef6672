using Microsoft.Extensions.Logging;
using OrleansWorkflows.Hosting;
using OrleansWorkflows.Storage;

namespace OrleansWorkflows.Engine;

/// <summary>What an <see cref="OrchestrationInstance"/> is built from: one per silo (a singleton the grain is given), so
/// an activation allocates none of it.</summary>
/// <param name="Store">The workflow store.</param>
/// <param name="Registry">The registered orchestrations.</param>
/// <param name="Options">The engine options.</param>
/// <param name="Clock">The engine clock.</param>
/// <param name="Runner">Where episodes are produced.</param>
/// <param name="Interceptor">The commit seam fault injection uses.</param>
/// <param name="Logger">The orchestration grain's logger.</param>
/// <param name="Versions">Which silos of the cluster register which orchestration versions; <c>null</c> outside a silo
/// (every version is then taken to be on this silo only).</param>
internal sealed record OrchestrationServices(
    IWorkflowStore Store,
    WorkflowRegistry Registry,
    WorkflowEngineOptions Options,
    TimeProvider Clock,
    IEpisodeRunner Runner,
    ICommitInterceptor Interceptor,
    ILogger Logger,
    ClusterVersions? Versions = null)
{
    /// <summary>The engine clock's current UTC time, as one shared delegate for the parts of every instance.</summary>
    public Func<DateTime> UtcNow { get; } = () => Clock.GetUtcNow().UtcDateTime;

    /// <summary>The wake-up rules, the same for every instance of the silo (they hold only options and the clock).</summary>
    public WakeRules Wake => _wake ??= new WakeRules(Options.RecoveryInterval, Options.TimerPrecisionHorizon, UtcNow);

    private WakeRules? _wake;
}
