using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Hosting;
using OrleansWorkflows.AspNetCore;
using OrleansWorkflows.DurableTask.Grpc.Hosting;
using OrleansWorkflows.Hosting;
using OrleansWorkflows.Testing;

namespace OrleansWorkflows.DurableTaskGrpcTests.Harness;

/// <summary>
/// An ASP.NET Core app hosting an OrleansWorkflows silo (in-memory store) with the Durable Task endpoint on a loopback
/// port of its own, wired as the gateway wires it (<c>AddDurableTaskGrpc</c> + <c>MapDurableTaskGrpc</c>), next to its
/// HTTP endpoint (the workflow HTTP API of <c>MapWorkflowEndpoints</c>).
/// </summary>
public sealed class GatewayHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GatewayHost(WebApplication app, int grpcPort, int httpPort)
    {
        _app = app;
        GrpcAddress = new Uri($"http://127.0.0.1:{grpcPort}");
        HttpAddress = new Uri($"http://127.0.0.1:{httpPort}");
    }

    /// <summary>The gRPC endpoint (plain-text HTTP/2).</summary>
    public Uri GrpcAddress { get; }

    /// <summary>The app's HTTP/1.1 endpoint (kept when the gRPC endpoint is added).</summary>
    public Uri HttpAddress { get; }

    /// <summary>The app's services (the silo's too).</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Starts the host; <paramref name="configure"/> adjusts the endpoint's options, <paramref name="engine"/> the
    /// engine's, <paramref name="silo"/> the silo (after the engine is added: a test's store or call filter).</summary>
    public static async Task<GatewayHost> StartAsync(
        Action<DurableTaskGrpcOptions>? configure = null, Action<WorkflowEngineOptions>? engine = null, Action<ISiloBuilder>? silo = null)
    {
        var ports = FreePorts.Take(3);
        var (grpcPort, httpPort, siloPort) = (ports[0], ports[1], ports[2]);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions());
        builder.Configuration["urls"] = $"http://127.0.0.1:{httpPort}";
        builder.Logging.ClearProviders();
        builder.UseOrleans(orleans =>
        {
            orleans
                .UseLocalhostClustering(siloPort, 0, null, "OrleansWorkflows.DurableTaskGrpcTests", "grpc-" + Guid.NewGuid().ToString("N"))
                .UseInMemoryReminderService()
                .AddOrleansWorkflows(o => engine?.Invoke(o));
            silo?.Invoke(orleans);
        });
        builder.AddDurableTaskGrpc(o =>
        {
            o.Port = grpcPort;
            configure?.Invoke(o);
        });
        builder.Services.AddWorkflowEndpoints();
        var app = builder.Build();
        app.MapGet("/ping", () => "pong");
        app.MapWorkflowEndpoints();
        app.MapDurableTaskGrpc();
        await app.StartAsync();
        return new GatewayHost(app, grpcPort, httpPort);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }
}
