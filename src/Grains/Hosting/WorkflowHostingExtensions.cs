using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansWorkflows.Storage;

namespace OrleansWorkflows.Hosting;

/// <summary>Wires the workflow engine into an Orleans silo. The silo host, the embedded gateway and the tests all use these.</summary>
public static class WorkflowHostingExtensions
{
    /// <summary>The service key of the engine's clock (a keyed <see cref="TimeProvider"/>); tests replace it to control time.</summary>
    public const string ClockKey = "OrleansWorkflows.Clock";

    /// <summary>
    /// Adds the workflow engine: grains, options, the engine clock and (unless another store is configured) the
    /// in-memory store. Idempotent: calling it again only applies <paramref name="configure"/> too.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configure">Configures options and registers orchestrations and activities.</param>
    public static ISiloBuilder AddOrleansWorkflows(this ISiloBuilder builder, Action<WorkflowEngineOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOrleansWorkflows(configure);
        return builder;
    }

    /// <summary>Adds the workflow engine's services to a silo's service collection (see the silo builder overload).</summary>
    /// <param name="services">The silo's services.</param>
    /// <param name="configure">Configures options and registers orchestrations and activities.</param>
    public static IServiceCollection AddOrleansWorkflows(this IServiceCollection services, Action<WorkflowEngineOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (configure is not null)
        {
            services.Configure(configure);
        }

        if (services.Any(d => d.ServiceType == typeof(EngineMarker)))
        {
            return services;
        }

        services.AddSingleton<EngineMarker>();
        Diagnostics.WorkflowMetrics.EnsureCreated(); // the backlog gauges exist from the start
        services.AddOptions<WorkflowEngineOptions>().ValidateOnStart();
        services.AddSingleton<IValidateOptions<WorkflowEngineOptions>, WorkflowEngineOptionsValidator>();
        services.TryAddKeyedSingleton(ClockKey, TimeProvider.System);
        services.TryAddSingleton<IWorkflowStore, InMemoryWorkflowStore>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<WorkflowEngineOptions>>().Value.Registry);
        services.AddSingleton(sp => new WorkflowClient(sp.GetRequiredService<IGrainFactory>()));
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, BackgroundJobsStartup>();
        services.AddSingleton<IIncomingGrainCallFilter, Engine.StoreErrorCallFilter>();
        services.AddSingleton(sp => new Engine.ActivityThrottle(sp.GetRequiredService<IOptions<WorkflowEngineOptions>>().Value.MaxConcurrentActivitiesPerSilo));
        services.TryAddSingleton<Engine.IEpisodeRunner, Engine.InProcessEpisodeRunner>();
        services.TryAddSingleton<Engine.ICommitInterceptor, Engine.NoCommitInterceptor>();
        services.TryAddSingleton<Engine.IRemoteActivityRunner, Engine.NoRemoteActivities>();
        services.AddSingleton<Engine.ClusterVersions>();
        services.AddSingleton<Orleans.Metadata.IGrainPropertiesProvider, Engine.OrchestrationVersionsProperty>();
        services.AddPlacementDirector<Engine.OrchestrationVersionPlacement, Engine.VersionPlacementDirector>();
        services.AddSingleton(sp => new Engine.OrchestrationServices(
            sp.GetRequiredService<IWorkflowStore>(),
            sp.GetRequiredService<WorkflowRegistry>(),
            sp.GetRequiredService<IOptions<WorkflowEngineOptions>>().Value,
            sp.GetRequiredKeyedService<TimeProvider>(ClockKey),
            sp.GetRequiredService<Engine.IEpisodeRunner>(),
            sp.GetRequiredService<Engine.ICommitInterceptor>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<Engine.OrchestrationGrain>(),
            sp.GetRequiredService<Engine.ClusterVersions>()));
        return services;
    }

    /// <summary>Uses <paramref name="store"/> (shared by every silo of an in-process cluster) as the workflow store.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="store">The store instance; a new one when <c>null</c>.</param>
    public static ISiloBuilder UseInMemoryWorkflowStore(this ISiloBuilder builder, InMemoryWorkflowStore? store = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.RemoveAll<IWorkflowStore>();
        builder.Services.AddSingleton<IWorkflowStore>(store ?? new InMemoryWorkflowStore());
        return builder;
    }

    private sealed class EngineMarker;
}
