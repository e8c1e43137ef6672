using System.Globalization;

namespace OrleansWorkflows.ProcessTests;

/// <summary>
/// The built gateway running as a real process on a free loopback HTTP port: with an embedded silo (on free ports too)
/// unless the arguments make it a client of a cluster. <see cref="KillAsync"/> kills it abruptly (SIGKILL).
/// </summary>
internal sealed class GatewayProcess : IAsyncDisposable
{
    private readonly ServiceProcess _process;

    private GatewayProcess(ServiceProcess process, Uri baseAddress)
    {
        _process = process;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public HttpClient Http { get; }

    /// <summary>What the process printed so far (for failure messages).</summary>
    public string Output => _process.Output;

    public static Task<GatewayProcess> StartAsync(params string[] arguments) => StartNamedAsync("gateway", arguments);

    /// <summary>Starts a gateway whose output is headed <paramref name="name"/> (one of several).</summary>
    public static async Task<GatewayProcess> StartNamedAsync(string name, params string[] arguments)
    {
        var ports = FreePorts.Take(3);
        var url = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{ports[0]}");
        var process = ServiceProcess.Start(
            name,
            ServiceProcess.BuiltDll("GatewayDll"),
            new[] { "--urls", url, $"--Orleans:SiloPort={ports[1]}", $"--Orleans:GatewayPort={ports[2]}" }.Concat(arguments));
        var gateway = new GatewayProcess(process, new Uri(url));
        await gateway.WaitUntilServingAsync();
        return gateway;
    }

    /// <summary>Kills the process with SIGKILL and waits until it is gone.</summary>
    public Task KillAsync() => _process.KillAsync();

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        Http.Dispose();
    }

    private async Task WaitUntilServingAsync() =>
        await Eventually.HoldsAsync(
            async () =>
            {
                _process.AssertRunning();
                try
                {
                    using var response = await Http.GetAsync(new Uri("/runtime/webhooks/durabletask/instances/not-there", UriKind.Relative));
                    return ((int)response.StatusCode == 404, response.StatusCode.ToString());
                }
                catch (HttpRequestException ex)
                {
                    return (false, ex.Message);
                }
            },
            TimeSpan.FromSeconds(90),
            "The gateway serving HTTP");
}
