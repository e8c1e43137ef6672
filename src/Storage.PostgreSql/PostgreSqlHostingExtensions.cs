using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Storage;
using Orleans.Configuration;
using Orleans.Messaging;
using OrleansWorkflows.Storage;
using OrleansWorkflows.Storage.PostgreSql;

namespace OrleansWorkflows.Hosting;

/// <summary>Puts a cluster's workflow store, reminders and membership in one PostgreSQL database.</summary>
public static class PostgreSqlHostingExtensions
{
    /// <summary>
    /// Uses PostgreSQL for this silo's workflow store, Orleans reminders and cluster membership (so the silo joins the
    /// cluster of its <see cref="ClusterOptions.ClusterId"/> recorded in the database; no silo is special). The schema is
    /// migrated when the silo starts, under an advisory lock; an unreachable database stops the start with an error
    /// naming it. Calling it again replaces the earlier settings.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="connectionString">The Npgsql connection string.</param>
    /// <param name="configure">Further options (e.g. the pool cap).</param>
    public static ISiloBuilder UsePostgreSqlWorkflowStore(this ISiloBuilder builder, string connectionString, Action<PostgreSqlStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        AddDatabase(services, connectionString, configure);
        services.RemoveAll<IWorkflowStore>();
        services.AddSingleton<IWorkflowStore>(sp => new PostgreSqlWorkflowStore(sp.GetRequiredService<PostgreSqlDatabase>()));
        services.RemoveAll<IReminderTable>();
        services.AddSingleton<IReminderTable>(sp => new PostgreSqlReminderTable(sp.GetRequiredService<PostgreSqlDatabase>()));
        services.RemoveAll<IMembershipTable>();
        services.AddSingleton<IMembershipTable>(MembershipTable);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILifecycleParticipant<ISiloLifecycle>, PostgreSqlStartup>());
        if (!services.Any(s => s.IsKeyedService && Equals(s.ServiceKey, ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME) && s.ServiceType == typeof(IGrainStorage)))
        {
            // The default grain storage of application grains beside the workflows, in the same database (unless the app chose one).
            services.AddGrainStorage(
                ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME,
                (sp, _) => new PostgreSqlGrainStorage(sp.GetRequiredService<PostgreSqlDatabase>(), sp.GetRequiredService<IGrainStorageSerializer>()));
        }

        builder.AddReminders();
        return builder;
    }

    /// <summary>
    /// Makes this client find the cluster's gateways in the PostgreSQL membership table (active silos with a gateway
    /// port), refreshed every <see cref="GatewayOptions.GatewayListRefreshPeriod"/>.
    /// </summary>
    /// <param name="builder">The client builder.</param>
    /// <param name="connectionString">The Npgsql connection string.</param>
    /// <param name="configure">Further options (e.g. the pool cap; a client needs few connections).</param>
    public static IClientBuilder UsePostgreSqlClustering(this IClientBuilder builder, string connectionString, Action<PostgreSqlStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        AddDatabase(services, connectionString, configure);
        services.RemoveAll<IGatewayListProvider>();
        services.AddSingleton<IGatewayListProvider>(sp => new MembershipGatewayListProvider(
            MembershipTable(sp),
            sp.GetRequiredService<IOptions<GatewayOptions>>().Value.GatewayListRefreshPeriod));
        return builder;
    }

    private static void AddDatabase(IServiceCollection services, string connectionString, Action<PostgreSqlStoreOptions>? configure)
    {
        var options = new PostgreSqlStoreOptions { ConnectionString = connectionString ?? string.Empty };
        configure?.Invoke(options);
        options.Validate();
        services.AddOptions<PostgreSqlStoreOptions>().Configure(o =>
        {
            o.ConnectionString = options.ConnectionString;
            o.MaxPoolSize = options.MaxPoolSize;
            o.WriterConcurrency = options.WriterConcurrency;
            o.MaxWritesPerBatch = options.MaxWritesPerBatch;
        }).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgreSqlStoreOptions>, PostgreSqlStoreOptionsValidator>());
        services.RemoveAll<PostgreSqlDatabase>();
        services.AddSingleton(sp => new PostgreSqlDatabase(sp.GetRequiredService<IOptions<PostgreSqlStoreOptions>>().Value));
    }

    private static PostgreSqlMembershipTable MembershipTable(IServiceProvider services) => new(
        services.GetRequiredService<PostgreSqlDatabase>(),
        services.GetRequiredService<IOptions<ClusterOptions>>().Value.ClusterId);

    /// <summary>Migrates the schema as the silo starts, so an unreachable database fails the start, not the first grain.</summary>
    private sealed class PostgreSqlStartup(PostgreSqlDatabase database) : ILifecycleParticipant<ISiloLifecycle>
    {
        public void Participate(ISiloLifecycle lifecycle) =>
            lifecycle.Subscribe(nameof(PostgreSqlStartup), ServiceLifecycleStage.RuntimeInitialize, database.EnsureReadyAsync);
    }
}
