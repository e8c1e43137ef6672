using Orleans.Configuration;
using OrleansWorkflows.Hosting;
using OrleansWorkflows.Samples;

namespace OrleansWorkflows.Gateway.Hosting;

/// <summary>
/// Connects the gateway to the workflow engine: an embedded silo (no cluster configured: the one-command quick start)
/// or a client of a cluster (<c>Cluster:Gateways</c>). Either way the endpoints get a <see cref="WorkflowClient"/>.
/// Orleans refuses a silo and a client in one host, so exactly one is chosen.
/// </summary>
internal static class WorkflowBackendExtensions
{
    public static WebApplicationBuilder AddWorkflowBackend(this WebApplicationBuilder builder)
    {
        var settings = BackendSettings.FromConfiguration(builder.Configuration);
        if (settings.IsEmbedded)
        {
            // The silo registers WorkflowClient over its own grain factory (AddOrleansWorkflows).
            // Storage:Kind (default Sqlite, ./data/orleansworkflows.db) keeps instances across restarts.
            var storage = StorageSettings.FromConfiguration(builder.Configuration);
            builder.UseOrleans(silo => silo
                .UseConfiguredStorage(storage, settings.SiloPort, settings.GatewayPort)
                .Configure<ClusterOptions>(settings.ApplyTo)
                .AddOrleansWorkflows(o => o.Registry.AddSamples()));
        }
        else
        {
            builder.UseOrleansClient(client => client
                .UseStaticClustering([.. settings.Gateways])
                .Configure<ClusterOptions>(settings.ApplyTo));
            builder.Services.AddSingleton(sp => new WorkflowClient(sp.GetRequiredService<IClusterClient>()));
        }

        return builder;
    }
}
