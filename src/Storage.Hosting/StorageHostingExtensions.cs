using System.Net;
using Orleans.Configuration;
using Orleans.Hosting;

namespace OrleansWorkflows.Hosting;

/// <summary>Applies <see cref="StorageSettings"/> to a silo or a client: store, reminders and clustering of the chosen backend.</summary>
public static class StorageHostingExtensions
{
    /// <summary>
    /// Memory and Sqlite: a single-host cluster (localhost clustering) with the in-memory or SQLite store and reminders.
    /// PostgreSql: store, reminders and membership in the database; AzureStorage: store, reminders, membership and the
    /// default grain storage in the account. Both: the silo listens on <paramref name="siloPort"/> and
    /// <paramref name="gatewayPort"/> and advertises <paramref name="advertisedAddress"/> (loopback when <c>null</c>).
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="settings">The storage settings.</param>
    /// <param name="siloPort">The silo-to-silo port.</param>
    /// <param name="gatewayPort">The client gateway port.</param>
    /// <param name="advertisedAddress">PostgreSql and AzureStorage: the address other silos and clients reach this silo at.</param>
    public static ISiloBuilder UseConfiguredStorage(this ISiloBuilder builder, StorageSettings settings, int siloPort, int gatewayPort, IPAddress? advertisedAddress = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Kind switch
        {
            StorageKind.Memory => builder
                .UseLocalhostClustering(siloPort, gatewayPort)
                .UseInMemoryWorkflowStore()
                .UseInMemoryReminderService(),
            StorageKind.Sqlite => builder
                .UseLocalhostClustering(siloPort, gatewayPort)
                .UseSqliteWorkflowStore(settings.ConnectionString),
            StorageKind.AzureStorage => builder
                .UseAzureStorageWorkflowStore(settings.ConnectionString)
                .Configure<EndpointOptions>(o => Endpoints(o, siloPort, gatewayPort, advertisedAddress)),
            _ => builder
                .UsePostgreSqlWorkflowStore(settings.ConnectionString, o => o.MaxPoolSize = settings.MaxPoolSize)
                .Configure<EndpointOptions>(o => Endpoints(o, siloPort, gatewayPort, advertisedAddress)),
        };
    }

    /// <summary>
    /// Makes a client find the silos of a PostgreSql cluster (a small pool) or an AzureStorage cluster through its
    /// membership table.
    /// </summary>
    /// <param name="builder">The client builder.</param>
    /// <param name="settings">The storage settings; must be PostgreSql or AzureStorage.</param>
    public static IClientBuilder UseConfiguredClustering(this IClientBuilder builder, StorageSettings settings)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.IsClustered)
        {
            throw new InvalidOperationException($"A client finds a cluster through PostgreSql or AzureStorage storage, not {settings.Kind}.");
        }

        return settings.Kind == StorageKind.AzureStorage
            ? builder.UseAzureStorageClustering(settings.ConnectionString)
            : builder.UsePostgreSqlClustering(settings.ConnectionString, o => o.MaxPoolSize = Math.Min(4, settings.MaxPoolSize));
    }

    private static void Endpoints(EndpointOptions options, int siloPort, int gatewayPort, IPAddress? advertisedAddress)
    {
        options.SiloPort = siloPort;
        options.GatewayPort = gatewayPort;
        options.AdvertisedIPAddress = advertisedAddress ?? IPAddress.Loopback;
    }
}
