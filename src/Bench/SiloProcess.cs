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
    private readonly Process _process;
    private readonly Queue<string> _lastLines = new();
    private IHost? _client;

    private SiloProcess(Process process) => _process = process;

    public WorkflowClient Client { get; private set; } = null!;

    public int ProcessId => _process.Id;

    /// <summary>The silo's resident set size (VmRSS of /proc/pid/status), in bytes.</summary>
    public long ResidentBytes()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    public static async Task<SiloProcess> StartAsync(string siloDll, IReadOnlyDictionary<string, string> settings, TimeSpan timeout)
    {
        if (!File.Exists(siloDll))
        {
            throw new InvalidOperationException($"The silo is not built: {siloDll} (dotnet build -c Release src/Bench builds it).");
        }

        var ports = FreePorts(2);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(siloDll);
        start.ArgumentList.Add($"--Orleans:SiloPort={ports[0]}");
        start.ArgumentList.Add($"--Orleans:GatewayPort={ports[1]}");

        // A cluster id of its own: a PostgreSQL membership table may still list the silos of earlier (killed) runs.
        var clusterId = $"bench-{Guid.NewGuid().ToString("N")[..8]}";
        start.ArgumentList.Add($"--Cluster:ClusterId={clusterId}");
        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var silo = new SiloProcess(new Process { StartInfo = start });
        silo._process.OutputDataReceived += (_, e) => silo.Keep(e.Data);
        silo._process.ErrorDataReceived += (_, e) => silo.Keep(e.Data);
        silo._process.Start();
        silo._process.BeginOutputReadLine();
        silo._process.BeginErrorReadLine();
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

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private async Task ConnectAsync(int gatewayPort, string clusterId, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!await AcceptsAsync(gatewayPort))
        {
            ThrowIfExited();
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"The silo did not open its gateway within {timeout.TotalSeconds:0} s.\n{Output}");
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
            throw new InvalidOperationException($"Could not connect a client to the silo ({ex.Message}); the silo printed:\n{Output}", ex);
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
            throw new InvalidOperationException($"The silo exited with code {_process.ExitCode} while starting: {Output}");
        }
    }

    private string Output
    {
        get
        {
            lock (_lastLines)
            {
                return string.Join('\n', _lastLines);
            }
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lastLines)
        {
            _lastLines.Enqueue(line);
            while (_lastLines.Count > 40)
            {
                _lastLines.Dequeue();
            }
        }
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var socket = new TcpClient();
        try
        {
            await socket.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            listeners.ForEach(l => l.Dispose());
        }
    }
}
