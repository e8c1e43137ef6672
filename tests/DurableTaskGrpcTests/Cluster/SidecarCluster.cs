using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orleans.Runtime.Placement;
using Orleans.TestingHost;
using OrleansWorkflows.DurableTask.Grpc.Hosting;
using OrleansWorkflows.DurableTask.Grpc.Service;
using OrleansWorkflows.DurableTask.Grpc.Workers;
using OrleansWorkflows.Hosting;
using OrleansWorkflows.Runtime;
using OrleansWorkflows.Testing;

namespace OrleansWorkflows.DurableTaskGrpcTests.Cluster;

/// <summary>
/// A cluster of silos (<see cref="InMemoryTestCluster"/>: shared in-memory store, any silo can be killed as a crash
/// would) where every silo serves the Durable Task endpoint as a gateway does: the silo's side
/// (<c>AddSidecarEngine</c>: its worker hub, its presence in the cluster, the remote runners) and, beside it, the gRPC
/// service on a loopback port of its own, over that silo's hub and <see cref="WorkflowClient"/>.
/// </summary>
internal sealed class SidecarCluster : IAsyncDisposable
{
    private readonly Dictionary<SiloAddress, WebApplication> _endpoints = [];
    private readonly List<WebApplication> _clientGateways = [];

    private SidecarCluster(InMemoryTestCluster cluster)
    {
        Cluster = cluster;
        Workflows = new WorkflowClient(cluster.Client);
    }

    public InMemoryTestCluster Cluster { get; }

    /// <summary>A client of the cluster (not of one silo).</summary>
    public WorkflowClient Workflows { get; }

    public IReadOnlyList<InProcessSiloHandle> Silos => Cluster.Silos;

    /// <summary>Starts <paramref name="silos"/> silos, each serving the endpoint; with <paramref name="endpoints"/> false
    /// they only run remote work (<c>AddDurableTaskRemoteWorkers</c>, as <c>src/Silo</c> with
    /// <c>DurableTaskGrpc:RemoteWorkers</c>) and serve no endpoint: see <see cref="StartClientGatewayAsync"/>.</summary>
    public static async Task<SidecarCluster> StartAsync(short silos = 2, bool endpoints = true)
    {
        var cluster = new InMemoryTestCluster(silos, silo =>
        {
            var port = FreePorts.Take(1)[0];
            silo.AddOrleansWorkflows(o => o.RecoveryInterval = TimeSpan.FromSeconds(5));
            silo.AddDurableTaskRemoteWorkers(o => o.Port = port);
        });
        await cluster.DeployAsync();
        var sidecars = new SidecarCluster(cluster);
        foreach (var silo in endpoints ? cluster.Silos : [])
        {
            sidecars._endpoints[silo.SiloAddress] = await StartEndpointAsync(silo.ServiceProvider);
        }

        return sidecars;
    }

    /// <summary>
    /// Starts a gateway that is a client of the cluster, as <c>src/Gateway</c> on PostgreSQL
    /// (<c>AddDurableTaskGrpcAsClusterClient</c>): the endpoint on a port of its own, over a hub of its own that the silos
    /// reach through an observer, and the cluster's client. Disposed with the cluster.
    /// </summary>
    public async Task<(Uri Address, WorkerHub Hub)> StartClientGatewayAsync()
    {
        var port = FreePorts.Take(1)[0];
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();
        builder.Configuration["urls"] = "http://127.0.0.1:0";
        builder.Services.AddSingleton<IGrainFactory>(Cluster.Client);
        builder.Services.AddSingleton(Workflows);
        builder.AddDurableTaskGrpcAsClusterClient(new ConfigurationBuilder().Build().GetSection("none"), o => o.Port = port);
        var app = builder.Build();
        app.MapDurableTaskGrpc();
        await app.StartAsync();
        _clientGateways.Add(app);
        return (new Uri($"http://127.0.0.1:{port}"), app.Services.GetRequiredService<WorkerHub>());
    }

    /// <summary>The Durable Task endpoint of <paramref name="silo"/>.</summary>
    public Uri AddressOf(InProcessSiloHandle silo) =>
        new($"http://127.0.0.1:{silo.ServiceProvider.GetRequiredService<IOptions<DurableTaskGrpcOptions>>().Value.Port}");

    /// <summary>The worker hub of <paramref name="silo"/>.</summary>
    public static WorkerHub HubOf(InProcessSiloHandle silo) => silo.ServiceProvider.GetRequiredService<WorkerHub>();

    /// <summary>Starts instances of <paramref name="name"/> until one is active on <paramref name="silo"/> (the others
    /// are terminated) and returns its id.</summary>
    public async Task<string> StartOnAsync(InProcessSiloHandle silo, string name, string prefix)
    {
        var management = Cluster.Client.GetGrain<IManagementGrain>(0);
        // Orleans' placement hint asks for the silo. Without it the default placement (resource-optimized) can keep
        // choosing the other silo for as long as its load statistics say so, which made 64 plain starts miss in CI.
        // The loop stays as a check.
        for (var i = 0; i < 64; i++)
        {
            var id = $"{prefix}-{i}";
            RequestContext.Set(IPlacementDirector.PlacementHintKey, silo.SiloAddress);
            try
            {
                await Workflows.StartJsonAsync(name, null, id);
            }
            finally
            {
                RequestContext.Remove(IPlacementDirector.PlacementHintKey);
            }

            if (silo.SiloAddress.Equals(await management.GetActivationAddress(Cluster.Client.GetGrain<IOrchestrationGrain>(id))))
            {
                return id;
            }

            await Workflows.TerminateAsync(id, "placed on another silo");
        }

        throw new InvalidOperationException($"No instance of {name} was placed on {silo.SiloAddress} in 64 starts.");
    }

    /// <summary>Kills <paramref name="silo"/> as a crash would, its Durable Task endpoint with it.</summary>
    public async Task KillAsync(InProcessSiloHandle silo)
    {
        if (_endpoints.Remove(silo.SiloAddress, out var endpoint))
        {
            await endpoint.StopAsync(new CancellationToken(canceled: true));
            await endpoint.DisposeAsync();
        }

        await Cluster.KillSiloAsync(silo);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var endpoint in _endpoints.Values.Concat(_clientGateways))
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await endpoint.StopAsync(timeout.Token);
            await endpoint.DisposeAsync();
        }

        await Cluster.DisposeAsync();
    }

    private static async Task<WebApplication> StartEndpointAsync(IServiceProvider silo)
    {
        var port = silo.GetRequiredService<IOptions<DurableTaskGrpcOptions>>().Value.Port!.Value;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2));
        DurableTaskGrpcHostingExtensions.AddSidecarService(builder.Services);
        builder.Services.AddSingleton(silo.GetRequiredService<WorkerHub>());
        builder.Services.AddSingleton(silo.GetRequiredService<WorkflowClient>());
        builder.Services.AddSingleton(silo.GetRequiredService<IOptions<DurableTaskGrpcOptions>>());
        var app = builder.Build();
        app.MapGrpcService<SidecarService>();
        await app.StartAsync();
        return app;
    }
}
