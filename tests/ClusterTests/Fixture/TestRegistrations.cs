using Microsoft.Extensions.DependencyInjection;

namespace OrleansWorkflows.ClusterTests.Fixture;

/// <summary>
/// The hook for test-only workflows and services: every silo of the shared cluster applies these at start-up, after
/// the samples. Add test orchestrations and activities here (names must not clash with the samples).
/// </summary>
internal static class TestRegistrations
{
    /// <summary>Registers test orchestrations and activities on a silo's registry.</summary>
    /// <param name="registry">The silo's registry (already holding the samples).</param>
    public static void AddWorkflows(WorkflowRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        Workflows.TestWorkflows.Register(registry);
        Entities.EntityTestWorkflows.Register(registry);
        Workflows.RequestIdTests.Register(registry);
        Workflows.ContinueAsNewTests.Register(registry);
        Workflows.CompletionWaitTests.Register(registry);
        Recovery.RecoveryTestWorkflows.Register(registry);
        Management.RewindEntityCallTests.Register(registry);
        Telemetry.TelemetryTestWorkflows.Register(registry);
    }

    /// <summary>
    /// Registers test services in a silo's container. Anything tests observe across silos must be one shared
    /// instance held by the fixture (like <see cref="ClusterFixture.Probe"/>), not a type registered per silo.
    /// </summary>
    /// <param name="services">The silo's services.</param>
    /// <param name="fixture">The fixture, for its shared objects.</param>
    public static void AddServices(IServiceCollection services, ClusterFixture fixture)
    {
        services.AddSingleton(fixture.Probe);
        services.AddSingleton<Engine.ICommitInterceptor>(fixture.Faults);
        services.AddSingleton<IIncomingGrainCallFilter, ControlCallRecorder>();
    }
}
