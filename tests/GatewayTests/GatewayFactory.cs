using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace OrleansWorkflows.GatewayTests;

/// <summary>
/// The gateway in embedded mode (its own in-process silo with the samples, in-memory store) on silo and gateway ports free at start-up,
/// so that test classes running in parallel and a gateway already running on the machine do not collide. Subclasses add
/// settings of their own (<see cref="Settings"/>).
/// </summary>
public class GatewayFactory : WebApplicationFactory<Program>
{
    private readonly int[] _ports = FreePorts.Take(2);

    /// <summary>The Orleans gateway port of the embedded silo, for clients of its cluster.</summary>
    public int OrleansGatewayPort => _ports[1];

    /// <summary>More settings for this gateway (API keys, CORS, deadlines), applied after the defaults.</summary>
    protected virtual IEnumerable<(string Key, string Value)> Settings => [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseSetting("Cluster:Gateways", string.Empty);
        builder.UseSetting("Orleans:SiloPort", _ports[0].ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Orleans:GatewayPort", OrleansGatewayPort.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Telemetry:Console", "false"); // the factory's environment is Development: no spans on the test output

        // Parallel factories must not share the default SQLite file; the SQLite gateway is tested as a real process.
        builder.UseSetting("Storage:Kind", "Memory");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
