using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Storage;
using OrleansWorkflows.Storage;
using OrleansWorkflows.Storage.Sqlite;

namespace OrleansWorkflows.Hosting;

/// <summary>Puts a silo's workflow store and Orleans reminders in one SQLite file.</summary>
public static class SqliteHostingExtensions
{
    /// <summary>
    /// Uses the SQLite file <paramref name="connectionStringOrPath"/> (a path such as <c>./data/orleansworkflows.db</c>,
    /// or a <c>Data Source=...</c> connection string) for the workflow store and the reminder table, and adds Orleans
    /// reminders. The file and its directory are created, and the schema migrated, when the silo starts; an unusable
    /// path stops the start with an error naming it. Calling it again replaces the earlier settings.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="connectionStringOrPath">The database file or connection string.</param>
    /// <param name="configure">Further options.</param>
    public static ISiloBuilder UseSqliteWorkflowStore(this ISiloBuilder builder, string connectionStringOrPath, Action<SqliteStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new SqliteStoreOptions { ConnectionString = connectionStringOrPath ?? string.Empty };
        configure?.Invoke(options);
        options.Validate();

        var services = builder.Services;
        services.AddOptions<SqliteStoreOptions>().Configure(o =>
        {
            o.ConnectionString = options.ConnectionString;
            o.Synchronous = options.Synchronous;
            o.MaxWritesPerTransaction = options.MaxWritesPerTransaction;
        }).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteStoreOptions>, SqliteStoreOptionsValidator>());
        services.RemoveAll<SqliteDatabase>();
        services.AddSingleton(sp => new SqliteDatabase(sp.GetRequiredService<IOptions<SqliteStoreOptions>>().Value));
        services.RemoveAll<IWorkflowStore>();
        services.AddSingleton<IWorkflowStore>(sp => new SqliteWorkflowStore(sp.GetRequiredService<SqliteDatabase>()));
        services.RemoveAll<IReminderTable>();
        services.AddSingleton<IReminderTable>(sp => new SqliteReminderTable(sp.GetRequiredService<SqliteDatabase>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILifecycleParticipant<ISiloLifecycle>, SqliteStartup>());
        if (!services.Any(s => s.IsKeyedService && Equals(s.ServiceKey, ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME) && s.ServiceType == typeof(IGrainStorage)))
        {
            // The default grain storage of application grains beside the workflows, in the same database (unless the app chose one).
            services.AddGrainStorage(
                ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME,
                (sp, _) => new SqliteGrainStorage(sp.GetRequiredService<SqliteDatabase>(), sp.GetRequiredService<IGrainStorageSerializer>()));
        }

        builder.AddReminders();
        return builder;
    }

    /// <summary>Opens and migrates the database as the silo starts, so a bad path fails the start, not the first grain.</summary>
    private sealed class SqliteStartup(SqliteDatabase database) : ILifecycleParticipant<ISiloLifecycle>
    {
        public void Participate(ISiloLifecycle lifecycle) =>
            lifecycle.Subscribe(nameof(SqliteStartup), ServiceLifecycleStage.RuntimeInitialize, _ =>
            {
                database.EnsureReady();
                return Task.CompletedTask;
            });
    }
}
