using Orleans.Hosting;

namespace OrleansWorkflows.Hosting;

/// <summary>Applies <see cref="StorageSettings"/> to a silo: store, reminders and clustering of the chosen backend.</summary>
public static class StorageHostingExtensions
{
    /// <summary>
    /// Memory and Sqlite: a single-host cluster (localhost clustering on <paramref name="siloPort"/> and
    /// <paramref name="gatewayPort"/>) with the in-memory or SQLite store and reminders.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="settings">The storage settings.</param>
    /// <param name="siloPort">The silo-to-silo port.</param>
    /// <param name="gatewayPort">The client gateway port.</param>
    public static ISiloBuilder UseConfiguredStorage(this ISiloBuilder builder, StorageSettings settings, int siloPort, int gatewayPort)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        switch (settings.Kind)
        {
            case StorageKind.Memory:
                return builder
                    .UseLocalhostClustering(siloPort, gatewayPort)
                    .UseInMemoryWorkflowStore()
                    .UseInMemoryReminderService();
            case StorageKind.Sqlite:
                return builder
                    .UseLocalhostClustering(siloPort, gatewayPort)
                    .UseSqliteWorkflowStore(settings.ConnectionString);
            default:
                throw new InvalidOperationException($"Storage:Kind {settings.Kind} is not supported by this build yet.");
        }
    }
}
