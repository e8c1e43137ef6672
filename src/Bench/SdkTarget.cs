using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Grpc.Net.Client;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace OrleansWorkflows.Bench;

/// <summary>
/// What the Durable Task SDK rows drive (<c>--transport grpc</c>, <c>--backend testhost</c>): a Durable Task client
/// (<c>Microsoft.DurableTask.Client.Grpc</c>) of either the built gateway (<c>src/Gateway</c>, its embedded silo on the
/// backend's store, its gRPC endpoint on) with the SDK worker of <c>src/Bench.Sdk</c> as a remote process, or
/// InProcessTestHost (in a <c>src/Bench.Sdk</c> process: Durable Task Core in memory with its own in-process worker).
/// Disposing kills the processes.
/// </summary>
internal sealed class SdkTarget : IAsyncDisposable
{
    private readonly SiloProcess? _gateway;
    private readonly ChildProcess? _worker;
    private readonly ChildProcess? _testHost;
    private readonly GrpcChannel _channel;
    private readonly ServiceProvider _services;

    private SdkTarget(string label, Uri address, SiloProcess? gateway, ChildProcess? worker, ChildProcess? testHost)
    {
        (Label, _gateway, _worker, _testHost) = (label, gateway, worker, testHost);
        _channel = GrpcChannel.ForAddress(address);
        _services = new ServiceCollection().AddLogging().AddDurableTaskClient(client => client.UseGrpc(_channel)).BuildServiceProvider();
        Client = _services.GetRequiredService<DurableTaskClient>();
    }

    /// <summary>The built SDK app next to the tool.</summary>
    public static string DefaultDll =>
        typeof(SdkTarget).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "SdkDll").Value!;

    /// <summary>The rows' backend label: <c>memory+grpc</c>, <c>sqlite+grpc</c> or <c>testhost</c>.</summary>
    public string Label { get; }

    public DurableTaskClient Client { get; }

    /// <summary>The process that runs the orchestrations' engine: the gateway (with its embedded silo) or the test host.</summary>
    public int ProcessId => _gateway?.ProcessId ?? _testHost!.Id;

    /// <summary>The remote worker process (none for the test host, whose worker is in its own process).</summary>
    public int? WorkerProcessId => _worker?.Id;

    /// <summary>Starts the gateway on the backend's store (<paramref name="settings"/>) with its gRPC endpoint, and the SDK
    /// worker process connected to it.</summary>
    public static async Task<SdkTarget> StartGatewayAsync(string backend, IReadOnlyDictionary<string, string> settings, BenchOptions options, TimeSpan timeout)
    {
        var ports = ChildProcess.FreePorts(2);
        var grpc = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{ports[0]}"));
        var gatewaySettings = new Dictionary<string, string>(settings)
        {
            ["urls"] = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{ports[1]}"),
            ["DurableTaskGrpc:Port"] = ports[0].ToString(CultureInfo.InvariantCulture),
        };
        var gateway = await SiloProcess.StartAsync(options.GatewayDll, gatewaySettings, timeout, options.GatewayDll);
        ChildProcess? worker = null;
        try
        {
            worker = await StartSdkAsync(options.SdkDll, new() { ["Mode"] = "worker", ["Address"] = grpc.ToString().TrimEnd('/') }, timeout);
            return new SdkTarget($"{backend}+grpc", grpc, gateway, worker, null);
        }
        catch
        {
            if (worker is not null)
            {
                await worker.DisposeAsync();
            }

            await gateway.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts InProcessTestHost with the same tasks in a process of its own.</summary>
    public static async Task<SdkTarget> StartTestHostAsync(BenchOptions options, TimeSpan timeout)
    {
        var port = ChildProcess.FreePorts(1)[0];
        var host = await StartSdkAsync(options.SdkDll, new() { ["Mode"] = "testhost", ["Port"] = port.ToString(CultureInfo.InvariantCulture) }, timeout);
        return new SdkTarget("testhost", new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}")), null, null, host);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        _channel.Dispose();
        if (_worker is not null)
        {
            await _worker.DisposeAsync();
        }

        if (_testHost is not null)
        {
            await _testHost.DisposeAsync();
        }

        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }
    }

    /// <summary>Starts the SDK app and waits until it says it serves.</summary>
    private static async Task<ChildProcess> StartSdkAsync(string dll, Dictionary<string, string> settings, TimeSpan timeout)
    {
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"The SDK app is not built: {dll} (dotnet build -c Release src/Bench builds it).");
        }

        var process = ChildProcess.Start(dll, settings);
        var clock = Stopwatch.StartNew();
        while (!process.Output.Split('\n').Contains("ready"))
        {
            if (process.HasExited || clock.Elapsed > timeout)
            {
                var why = process.HasExited ? $"exited with code {process.ExitCode}" : $"did not serve within {timeout.TotalSeconds:0} s";
                var output = process.Output;
                await process.DisposeAsync();
                throw new InvalidOperationException($"The SDK app ({settings["Mode"]}) {why}:\n{output}");
            }

            await Task.Delay(200);
        }

        return process;
    }
}
