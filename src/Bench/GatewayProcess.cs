using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace OrleansWorkflows.Bench;

/// <summary>
/// The built HTTP gateway (<c>src/Gateway</c>) as a child process: an Orleans client of one bench silo
/// (<c>Cluster:Gateways</c>, client mode, as in a production cluster) listening on a free loopback port, and an
/// <see cref="HttpClient"/> for it. Disposing kills it.
/// </summary>
internal sealed class GatewayProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private GatewayProcess(ChildProcess process, Uri baseAddress)
    {
        _process = process;
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 1_024, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) };
        Http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(2) };
    }

    /// <summary>The gateway built next to the tool.</summary>
    public static string DefaultDll =>
        typeof(GatewayProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "GatewayDll").Value!;

    /// <summary>A client of the gateway's HTTP API (base address: the gateway's root).</summary>
    public HttpClient Http { get; }

    public int ProcessId => _process.Id;

    public static async Task<GatewayProcess> StartAsync(string gatewayDll, SiloProcess silo, TimeSpan timeout)
    {
        if (!File.Exists(gatewayDll))
        {
            throw new InvalidOperationException($"The gateway is not built: {gatewayDll} (dotnet build -c Release src/Bench builds it).");
        }

        var port = ChildProcess.FreePorts(1)[0];
        var baseAddress = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"));
        var gateway = new GatewayProcess(
            ChildProcess.Start(gatewayDll, new Dictionary<string, string>
            {
                ["urls"] = baseAddress.ToString().TrimEnd('/'),
                ["Cluster:Gateways"] = string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{silo.GatewayPort}"),
                ["Cluster:ClusterId"] = silo.ClusterId,
            }),
            baseAddress);
        try
        {
            await gateway.WaitUntilReadyAsync(timeout);
            return gateway;
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _process.DisposeAsync();
    }

    /// <summary>Waits until <c>/readyz</c> answers 200 (the gateway reaches the silo).</summary>
    private async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The gateway exited with code {_process.ExitCode} while starting: {_process.Output}");
            }

            try
            {
                using var ready = await Http.GetAsync(new Uri("/readyz", UriKind.Relative));
                if (ready.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"The gateway was not ready within {timeout.TotalSeconds:0} s.\n{_process.Output}");
            }

            await Task.Delay(200);
        }
    }
}
