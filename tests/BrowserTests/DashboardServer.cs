using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace OrleansWorkflows.BrowserTests;

/// <summary>
/// The gateway in embedded mode (in-memory store, free ports) served by real Kestrel on a loopback port, so that a
/// browser can reach it.
/// </summary>
public sealed class DashboardServer : WebApplicationFactory<Program>
{
    private readonly int[] _ports = FreePorts.Take(3);
    private readonly string? _apiKey;
    private readonly Action<IServiceCollection>? _services;

    /// <summary>Creates the server; with <paramref name="apiKey"/> the gateway requires that key.</summary>
    /// <param name="apiKey">The key the gateway requires, or <c>null</c> for none.</param>
    /// <param name="services">Replaces services of the gateway after its own (e.g. the client of another cluster), or <c>null</c>.</param>
    public DashboardServer(string? apiKey = null, Action<IServiceCollection>? services = null)
    {
        _apiKey = apiKey;
        _services = services;
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, _ports[2]));
    }

    /// <summary>The root URL of the gateway, e.g. <c>http://127.0.0.1:5123/</c>.</summary>
    public Uri BaseAddress => new($"http://127.0.0.1:{_ports[2]}/");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseSetting("Cluster:Gateways", string.Empty);
        builder.UseSetting("Orleans:SiloPort", _ports[0].ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Orleans:GatewayPort", _ports[1].ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Storage:Kind", "Memory");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Telemetry:Console", "false"); // the factory's environment is Development: no spans on the output
        if (_apiKey is not null)
        {
            builder.UseSetting("Gateway:ApiKey", _apiKey);
        }

        if (_services is not null)
        {
            builder.ConfigureTestServices(_services);
        }
    }
}
