using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace OrleansWorkflows.BrowserTests;

/// <summary>
/// The gateway in embedded mode (in-memory store, free ports) served by real Kestrel on a loopback port, so that a
/// browser can reach it.
/// </summary>
public sealed class DashboardServer : WebApplicationFactory<Program>
{
    private readonly int[] _ports = FreePorts.Take(3);
    private readonly string? _apiKey;

    /// <summary>Creates the server; with <paramref name="apiKey"/> the gateway requires that key.</summary>
    public DashboardServer(string? apiKey = null)
    {
        _apiKey = apiKey;
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
    }
}
