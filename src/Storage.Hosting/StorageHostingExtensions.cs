using System.Net;
using Orleans.Configuration;
using Orleans.Hosting;

namespace OrleansWorkflows.Hosting;

/// <summary>Applies <see cref="StorageSettings"/> to a silo or a client: store, reminders and clustering of the chosen backend.</summary>
public static class StorageHostingExtensions
{
    /// <summary>
    /// Memory and Sqlite: a single-host cluster (localhost clustering) with the in-memory or SQLite store and reminders.
    /// PostgreSql: store, reminders and membership in the database; the silo listens on <paramref name="siloPort"/> and
    /// <paramref name="gatewayPort"/> and advertises <paramref name="advertisedAddress"/> (loopback when <c>null</c>).
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="settings">The storage settings.</param>
    /// <param name="siloPort">The silo-to-silo port.</param>
    /// <param name="gatewayPort">The client gateway port.</param>
    /// <param name="advertisedAddress">PostgreSql: the address other silos and clients reach this silo at.</param>
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
            _ => builder
                .UsePostgreSqlWorkflowStore(settings.ConnectionString, o => o.MaxPoolSize = settings.MaxPoolSize)
                .Configure<EndpointOptions>(o =>
                {
                    o.SiloPort = siloPort;
                    o.GatewayPort = gatewayPort;
                    o.AdvertisedIPAddress = advertisedAddress ?? IPAddress.Loopback;
                }),
        };
    }

    /// <summary>Makes a client find the silos of a PostgreSql cluster through its membership table (a small pool).</summary>
    /// <param name="builder">The client builder.</param>
    /// <param name="settings">The storage settings; must be PostgreSql.</param>
    public static IClientBuilder UseConfiguredClustering(this IClientBuilder builder, StorageSettings settings)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Kind != StorageKind.PostgreSql)
        {
            throw new InvalidOperationException($"A client finds a cluster through PostgreSql storage, not {settings.Kind}.");
        }

        return builder.UsePostgreSqlClustering(settings.ConnectionString, o => o.MaxPoolSize = Math.Min(4, settings.MaxPoolSize));
    }
}
