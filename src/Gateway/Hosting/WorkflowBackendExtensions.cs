using Orleans.Configuration;
using OrleansWorkflows.Hosting;
using OrleansWorkflows.Samples;

namespace OrleansWorkflows.Gateway.Hosting;

/// <summary>
/// Connects the gateway to the workflow engine: an embedded silo (no cluster configured: the one-command quick start),
/// a client of a cluster at fixed gateways (<c>Cluster:Gateways</c>), or a client of a PostgreSQL or Azure Storage cluster
/// that finds its silos in the membership table (<c>Storage:Kind=PostgreSql</c> or <c>AzureStorage</c>). Either way the endpoints get a
/// <see cref="WorkflowClient"/>. Orleans refuses a silo and a client in one host, so exactly one is chosen.
/// </summary>
internal static class WorkflowBackendExtensions
{
    /// <summary>
    /// How long the gateway, as a client, waits for a grain's answer (Orleans' default is 30 s). A request that was on
    /// its way to a silo killed with <c>kill -9</c> gets no answer at all; failing it after 15 s leaves the
    /// <see cref="WorkflowClient"/>'s 30 s transient-retry budget room to send it again to the silo that took over, so
    /// the HTTP caller sees a slow answer instead of a 503. The longest gateway calls are the completion waits of
    /// <c>?timeout=</c> starts, each at most <see cref="WorkflowClient.CompletionWaitSlice"/> (10 s) long.
    /// </summary>
    internal static readonly TimeSpan ClientResponseTimeout = TimeSpan.FromSeconds(15);

    /// <summary>True when the gateway is a client of a cluster (<c>Cluster:Gateways</c>, or a clustered <c>Storage:Kind</c>)
    /// rather than the host of an embedded silo.</summary>
    public static bool IsClusterClient(IConfiguration configuration) =>
        !BackendSettings.FromConfiguration(configuration).IsEmbedded || StorageSettings.FromConfiguration(configuration).IsClustered;

    public static WebApplicationBuilder AddWorkflowBackend(this WebApplicationBuilder builder)
    {
        var settings = BackendSettings.FromConfiguration(builder.Configuration);
        var storage = settings.IsEmbedded ? StorageSettings.FromConfiguration(builder.Configuration) : null;
        if (storage is { IsClustered: false })
        {
            // The endpoints (src/AspNetCore) use the WorkflowClient the silo registers, or one over the client.
            // Storage:Kind (default Sqlite, ./data/orleansworkflows.db) keeps instances across restarts.
            builder.UseOrleans(silo => silo
                .UseConfiguredStorage(storage, settings.SiloPort, settings.GatewayPort)
                .Configure<ClusterOptions>(settings.ApplyTo)
                .AddOrleansWorkflows(o => o.Registry.AddSamples()));
            return builder;
        }

        builder.UseOrleansClient(client =>
        {
            _ = storage is null ? client.UseStaticClustering([.. settings.Gateways]) : client.UseConfiguredClustering(storage);
            client.Configure<ClusterOptions>(settings.ApplyTo);
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = ClientResponseTimeout);
        });
        return builder;
    }
}
