using Orleans.Configuration;
using OrleansWorkflows.Hosting;
using OrleansWorkflows.Samples;

namespace OrleansWorkflows.Gateway.Hosting;

/// <summary>
/// Connects the gateway to the workflow engine: an embedded silo (no cluster configured: the one-command quick start),
/// a client of a cluster at fixed gateways (<c>Cluster:Gateways</c>), or a client of a PostgreSQL cluster that finds
/// its silos in the membership table (<c>Storage:Kind=PostgreSql</c>). Either way the endpoints get a
/// <see cref="WorkflowClient"/>. Orleans refuses a silo and a client in one host, so exactly one is chosen.
/// </summary>
internal static class WorkflowBackendExtensions
{
    public static WebApplicationBuilder AddWorkflowBackend(this WebApplicationBuilder builder)
    {
        var settings = BackendSettings.FromConfiguration(builder.Configuration);
        var storage = settings.IsEmbedded ? StorageSettings.FromConfiguration(builder.Configuration) : null;
        if (storage is { Kind: not StorageKind.PostgreSql })
        {
            // The endpoints get WorkflowClient over the grain factory of this silo or client (GatewayApiExtensions).
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
        });
        return builder;
    }
}
