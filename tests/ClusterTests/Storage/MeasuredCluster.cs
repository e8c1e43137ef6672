using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.TestingHost;
using OrleansWorkflows.Hosting;
using OrleansWorkflows.Storage;

namespace OrleansWorkflows.ClusterTests.Storage;

/// <summary>A one-silo in-process cluster of a test's own, on a shared in-memory cluster, its workflow store replaced
/// by the test's (a measuring wrapper).</summary>
internal static class MeasuredCluster
{
    /// <summary>Deploys the cluster; <paramref name="services"/> adds the test's own services before the engine's.</summary>
    public static async Task<InProcessTestCluster> StartAsync(
        SharedInMemoryCluster shared, IWorkflowStore store, Action<WorkflowEngineOptions> configure, Action<IServiceCollection>? services = null)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.UseSharedInMemoryCluster(shared);
            silo.Services.RemoveAll<IWorkflowStore>();
            silo.Services.AddSingleton(store);
            services?.Invoke(silo.Services);
            silo.AddOrleansWorkflows(configure);
        });
        builder.ConfigureClient(client => client.UseSharedInMemoryCluster(shared));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>Stops and disposes the cluster, if it was started.</summary>
    public static async Task StopAsync(InProcessTestCluster? cluster)
    {
        if (cluster is not null)
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }
}
