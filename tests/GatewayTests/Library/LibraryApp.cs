using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansWorkflows.AspNetCore;
using OrleansWorkflows.Hosting;
using OrleansWorkflows.Samples;

namespace OrleansWorkflows.GatewayTests.Library;

/// <summary>
/// A minimal ASP.NET Core app of its own — not the gateway — that maps the workflow endpoints with the library's two
/// calls, on a test server: with a silo (the samples, in-memory store, free ports) or as an Orleans client of another
/// silo. It also has a route of its own, <c>/hello</c>, which the endpoints' options must leave alone.
/// </summary>
internal sealed class LibraryApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LibraryApp(WebApplication app, int orleansGatewayPort)
    {
        _app = app;
        OrleansGatewayPort = orleansGatewayPort;
        Http = app.GetTestClient();
    }

    public HttpClient Http { get; }

    /// <summary>The Orleans gateway port of the app's silo (0 for a client app).</summary>
    public int OrleansGatewayPort { get; }

    /// <summary>An app hosting a silo, with the endpoints configured by <paramref name="configure"/>.</summary>
    public static Task<LibraryApp> StartWithSiloAsync(Action<WorkflowEndpointsOptions> configure)
    {
        var ports = FreePorts.Take(2);
        return StartAsync(
            builder => builder.UseOrleans(silo => silo
                .UseLocalhostClustering(ports[0], ports[1])
                .UseInMemoryReminderService()
                .AddOrleansWorkflows(o => o.Registry.AddSamples())),
            configure,
            ports[1]);
    }

    /// <summary>An app that is an Orleans client of the silo behind <paramref name="gatewayPort"/>.</summary>
    public static Task<LibraryApp> StartWithClientAsync(int gatewayPort, Action<WorkflowEndpointsOptions> configure) =>
        StartAsync(builder => builder.UseOrleansClient(client => client.UseLocalhostClustering(gatewayPort)), configure, 0);

    /// <summary>Builds the app (the start-up errors of the options surface here).</summary>
    private static async Task<LibraryApp> StartAsync(Action<WebApplicationBuilder> backend, Action<WorkflowEndpointsOptions> configure, int orleansGatewayPort)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        backend(builder);
        builder.Services.AddWorkflowEndpoints(configure);

        var app = builder.Build();
        try
        {
            app.MapGet("/hello", () => "hello from the app");
            app.MapWorkflowEndpoints();
            await app.StartAsync();
            return new LibraryApp(app, orleansGatewayPort);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
