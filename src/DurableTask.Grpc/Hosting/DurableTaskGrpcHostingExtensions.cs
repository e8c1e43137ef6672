using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Hosting;
using OrleansWorkflows.DurableTask.Grpc.Cluster;
using OrleansWorkflows.DurableTask.Grpc.Remote;
using OrleansWorkflows.DurableTask.Grpc.Service;
using OrleansWorkflows.DurableTask.Grpc.Workers;
using OrleansWorkflows.Engine;

namespace OrleansWorkflows.DurableTask.Grpc.Hosting;

/// <summary>
/// Serves the Durable Task sidecar protocol from an ASP.NET Core app that hosts an OrleansWorkflows silo, or that is an
/// Orleans client of a cluster whose silos run remote work (<see cref="AddDurableTaskRemoteWorkers"/>): clients and
/// workers written with <c>Microsoft.DurableTask.*</c> (or another language's Durable Task SDK) connect to it. Its own
/// Kestrel endpoint speaks plain-text HTTP/2; orchestrations and activities that no silo registered are run by the
/// connected workers.
/// </summary>
public static class DurableTaskGrpcHostingExtensions
{
    /// <summary>Adds the endpoint with options from <paramref name="section"/> (see <see cref="DurableTaskGrpcOptions"/>);
    /// nothing when it sets no <c>Port</c>.</summary>
    /// <param name="builder">The app builder (the silo must be hosted in the same app).</param>
    /// <param name="section">The configuration section, e.g. <c>DurableTaskGrpc</c>.</param>
    /// <param name="configure">Applied after the section (the gateway adds its API keys here).</param>
    public static WebApplicationBuilder AddDurableTaskGrpc(this WebApplicationBuilder builder, IConfigurationSection section, Action<DurableTaskGrpcOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(section);
        return builder.AddDurableTaskGrpc(o =>
        {
            section.Bind(o);
            configure?.Invoke(o);
        });
    }

    /// <summary>Adds the endpoint (off unless <see cref="DurableTaskGrpcOptions.Port"/> is set). Refuses bad options at once.</summary>
    /// <param name="builder">The app builder (the silo must be hosted in the same app).</param>
    /// <param name="configure">Sets the options.</param>
    public static WebApplicationBuilder AddDurableTaskGrpc(this WebApplicationBuilder builder, Action<DurableTaskGrpcOptions> configure) =>
        AddEndpoint(builder, configure, services => AddSidecarEngine(services, configure));

    /// <summary>
    /// Adds the endpoint to an app that is an Orleans <em>client</em> of a cluster (the stock gateway of a PostgreSQL or
    /// Azure Storage cluster), with options from <paramref name="section"/>; nothing when it sets no <c>Port</c>. Workers
    /// connect here; the cluster's silos run the orchestrations and activities no silo registers on them, so every silo
    /// must add <see cref="AddDurableTaskRemoteWorkers"/>. Several such gateways (and silos that serve the endpoint
    /// themselves) share their workers, and a completion reaching any of them is routed by its token.
    /// </summary>
    /// <param name="builder">The app builder (an Orleans client must be configured in the same app).</param>
    /// <param name="section">The configuration section, e.g. <c>DurableTaskGrpc</c>.</param>
    /// <param name="configure">Applied after the section (the gateway adds its API keys here).</param>
    public static WebApplicationBuilder AddDurableTaskGrpcAsClusterClient(this WebApplicationBuilder builder, IConfigurationSection section, Action<DurableTaskGrpcOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(section);
        void Configure(DurableTaskGrpcOptions o)
        {
            section.Bind(o);
            configure?.Invoke(o);
        }

        return AddEndpoint(builder, Configure, services => AddHub(services, Configure, inClient: true));
    }

    /// <summary>
    /// Makes this silo run orchestrations and activities that no silo registers on the Durable Task workers connected to
    /// the cluster's gateways (<see cref="AddDurableTaskGrpcAsClusterClient"/>, or apps hosting a silo with
    /// <see cref="AddDurableTaskGrpc(WebApplicationBuilder, Action{DurableTaskGrpcOptions})"/>): a start of such a name
    /// is accepted and waits for a worker. Orchestrations and activities registered here run in-process as before.
    /// Call after <c>AddOrleansWorkflows</c>.
    /// </summary>
    /// <param name="silo">The silo builder.</param>
    /// <param name="configure">Sets the options (of them only <see cref="DurableTaskGrpcOptions.EpisodeTimeout"/> matters here).</param>
    public static ISiloBuilder AddDurableTaskRemoteWorkers(this ISiloBuilder silo, Action<DurableTaskGrpcOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(silo);
        AddSidecarEngine(silo.Services, configure ?? (_ => { }));
        return silo;
    }

    private static WebApplicationBuilder AddEndpoint(WebApplicationBuilder builder, Action<DurableTaskGrpcOptions> configure, Action<IServiceCollection> addHub)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new DurableTaskGrpcOptions();
        configure(options);
        if (!options.Enabled)
        {
            return builder;
        }

        var validation = new DurableTaskGrpcOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(nameof(DurableTaskGrpcOptions), typeof(DurableTaskGrpcOptions), validation.Failures ?? []);
        }

        var services = builder.Services;
        addHub(services);
        AddSidecarService(services);
        services.AddSingleton<SidecarMarker>();

        var address = DurableTaskGrpcOptionsValidator.ParseHost(options.Host)!;
        var configuration = builder.Configuration;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            KestrelListenAddresses.ListenHttp(kestrel, configuration);
            kestrel.Listen(address, options.Port!.Value, listen => listen.Protocols = HttpProtocols.Http2);
        });
        return builder;
    }

    /// <summary>Maps the sidecar service on the gRPC endpoint's port only (nothing when the endpoint is off).</summary>
    /// <param name="app">The app.</param>
    public static WebApplication MapDurableTaskGrpc(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Services.GetService<SidecarMarker>() is null)
        {
            return app;
        }

        var port = app.Services.GetRequiredService<IOptions<DurableTaskGrpcOptions>>().Value.Port!.Value;
        app.MapGrpcService<SidecarService>().RequireHost($"*:{port}");
        return app;
    }

    /// <summary>
    /// The silo's side of the sidecar: the options, the <see cref="WorkerHub"/> (and its presence in the cluster) and the
    /// engine seams that run unregistered orchestrations and activities on remote workers. Call after
    /// <c>AddOrleansWorkflows</c> (it replaces the in-process runners).
    /// </summary>
    internal static void AddSidecarEngine(IServiceCollection services, Action<DurableTaskGrpcOptions> configure)
    {
        AddHub(services, configure, inClient: false);
        services.RemoveAll<IEpisodeRunner>();
        services.AddSingleton<IEpisodeRunner, RemoteEpisodeRunner>();
        services.RemoveAll<IRemoteActivityRunner>();
        services.AddSingleton<IRemoteActivityRunner, RemoteActivityRunner>();
    }

    /// <summary>The options, the <see cref="WorkerHub"/> and its presence in the cluster (in a silo, or in an Orleans client).</summary>
    private static void AddHub(IServiceCollection services, Action<DurableTaskGrpcOptions> configure, bool inClient)
    {
        services.Configure(configure);
        services.AddSingleton<IValidateOptions<DurableTaskGrpcOptions>, DurableTaskGrpcOptionsValidator>();
        services.TryAddSingleton<WorkerHub>();
        services.AddHostedService(sp => new WorkerHubPresence(
            sp.GetRequiredService<WorkerHub>(), sp.GetRequiredService<IGrainFactory>(), sp.GetRequiredService<ILogger<WorkerHubPresence>>(), inClient));
    }

    /// <summary>The gRPC service itself (map it with <c>MapGrpcService&lt;SidecarService&gt;</c>): messages up to 16 MB in,
    /// any size out (histories are streamed in chunks).</summary>
    internal static void AddSidecarService(IServiceCollection services) => services.AddGrpc(grpc =>
    {
        grpc.Interceptors.Add<SidecarInterceptor>();
        grpc.MaxReceiveMessageSize = 16 * 1024 * 1024;
        grpc.MaxSendMessageSize = null;
    });

    private sealed class SidecarMarker;
}
