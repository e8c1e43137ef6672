using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;

namespace OrleansWorkflows.ProcessTests;

/// <summary>
/// The built gateway (embedded silo) running as a real process on free loopback ports, with the given arguments.
/// <see cref="KillAsync"/> kills it abruptly (SIGKILL): nothing is flushed or shut down.
/// </summary>
internal sealed class GatewayProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private GatewayProcess(Process process, Uri baseAddress)
    {
        _process = process;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public HttpClient Http { get; }

    /// <summary>What the process printed so far (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<GatewayProcess> StartAsync(params string[] arguments)
    {
        var ports = GatewayTests.FreePorts.Take(3);
        var url = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{ports[0]}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { GatewayDll, "--urls", url, $"--Orleans:SiloPort={ports[1]}", $"--Orleans:GatewayPort={ports[2]}" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var gateway = new GatewayProcess(new Process { StartInfo = start }, new Uri(url));
        gateway._process.OutputDataReceived += (_, e) => gateway.Append(e.Data);
        gateway._process.ErrorDataReceived += (_, e) => gateway.Append(e.Data);
        gateway._process.Start();
        gateway._process.BeginOutputReadLine();
        gateway._process.BeginErrorReadLine();
        await gateway.WaitUntilServingAsync();
        return gateway;
    }

    /// <summary>Kills the process with SIGKILL and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
        Http.Dispose();
    }

    private static string GatewayDll =>
        typeof(GatewayProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "GatewayDll").Value!;

    private async Task WaitUntilServingAsync() =>
        await Eventually.HoldsAsync(
            async () =>
            {
                if (_process.HasExited)
                {
                    Assert.Fail($"The gateway exited with {_process.ExitCode} while starting:\n{Output}");
                }

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

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
