using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace OrleansWorkflows.Bench;

/// <summary>
/// The built silo (<c>src/Silo</c>) as a child process on free loopback ports with the given settings, and an Orleans
/// client of it. Disposing stops the client and kills the silo.
/// </summary>
internal sealed class SiloProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;
    private IHost? _client;
    private GatewayProcess? _gateway;

    private readonly string _gatewayDll;

    private SiloProcess(ChildProcess process, int gatewayPort, string clusterId, string gatewayDll) =>
        (_process, GatewayPort, ClusterId, _gatewayDll) = (process, gatewayPort, clusterId, gatewayDll);

    public WorkflowClient Client { get; private set; } = null!;

    public int ProcessId => _process.Id;

    /// <summary>The silo's Orleans gateway port (loopback).</summary>
    public int GatewayPort { get; }

    /// <summary>The silo's cluster id.</summary>
    public string ClusterId { get; }

    /// <summary>The process id of the gateway, once started (<see cref="GatewayAsync"/>).</summary>
    public int? GatewayProcessId => _gateway?.ProcessId;

    /// <summary>The built HTTP gateway (<c>src/Gateway</c>) as a client of this silo, started on first use; stopped with the silo.</summary>
    public async Task<GatewayProcess> GatewayAsync(TimeSpan timeout) =>
        _gateway ??= await GatewayProcess.StartAsync(_gatewayDll, this, timeout);

    /// <summary>The silo's resident set size (VmRSS of /proc/pid/status), in bytes.</summary>
    public long ResidentBytes()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>How many lines the silo printed that contain <paramref name="text"/>, a text it was started to watch for.</summary>
    public int Seen(string text) => _process.Seen(text);

    /// <summary>The silo's last output lines.</summary>
    public string Output => _process.Output;

    public static async Task<SiloProcess> StartAsync(string siloDll, IReadOnlyDictionary<string, string> settings, TimeSpan timeout, string gatewayDll, IEnumerable<string>? watch = null)
    {
        if (!File.Exists(siloDll))
        {
            throw new InvalidOperationException($"The silo is not built: {siloDll} (dotnet build -c Release src/Bench builds it).");
        }

        var ports = ChildProcess.FreePorts(2);

        // A cluster id of its own: a PostgreSQL membership table may still list the silos of earlier (killed) runs.
        var clusterId = $"bench-{Guid.NewGuid().ToString("N")[..8]}";
        var arguments = new Dictionary<string, string>
        {
            ["Orleans:SiloPort"] = ports[0].ToString(CultureInfo.InvariantCulture),
            ["Orleans:GatewayPort"] = ports[1].ToString(CultureInfo.InvariantCulture),
            ["Cluster:ClusterId"] = clusterId,
        };
        var silo = new SiloProcess(ChildProcess.Start(siloDll, arguments.Concat(settings), watch), ports[1], clusterId, gatewayDll);
        try
        {
            await silo.ConnectAsync(ports[1], clusterId, timeout);
            return silo;
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        if (_client is not null)
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _client.StopAsync(stop.Token);
            }
            catch (OperationCanceledException)
            {
                // The silo is killed next anyway.
            }

            _client.Dispose();
        }

        await _process.DisposeAsync();
    }

    private async Task ConnectAsync(int gatewayPort, string clusterId, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!await ChildProcess.AcceptsAsync(gatewayPort))
        {
            ThrowIfExited();
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"The silo did not open its gateway within {timeout.TotalSeconds:0} s.\n{_process.Output}");
            }

            await Task.Delay(200);
        }

        _client = new HostBuilder()
            .UseOrleansClient(c => c
                .UseStaticClustering(new IPEndPoint(IPAddress.Loopback, gatewayPort))
                .Configure<Orleans.Configuration.ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (clusterId, "dev"))
                .UseConnectionRetryFilter(async (_, cancellation) =>
                {
                    // The gateway port opens before the silo accepts clients.
                    await Task.Delay(500, cancellation);
                    return clock.Elapsed < timeout && !_process.HasExited;
                }))
            .Build();
        try
        {
            await _client.StartAsync();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new InvalidOperationException($"Could not connect a client to the silo ({ex.Message}); the silo printed:\n{_process.Output}", ex);
        }

        Client = new WorkflowClient(_client.Services.GetRequiredService<IClusterClient>());
        while (true)
        {
            try
            {
                await Client.GetStatusAsync("bench-health-probe");
                return;
            }
            catch (Exception) when (clock.Elapsed < timeout && !_process.HasExited)
            {
                await Task.Delay(200);
            }
        }
    }

    private void ThrowIfExited()
    {
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"The silo exited with code {_process.ExitCode} while starting: {_process.Output}");
        }
    }
}
