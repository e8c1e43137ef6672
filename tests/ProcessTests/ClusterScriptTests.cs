using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace OrleansWorkflows.ProcessTests;

/// <summary>
/// README's local cluster, as a user runs it: <c>scripts/cluster.sh start</c> (a throwaway PostgreSQL, 3 silos and the
/// gateway), an orchestration through the gateway, <c>status</c>, then <c>stop</c> — which leaves no process and no data.
/// </summary>
public sealed class ClusterScriptTests : IDisposable
{
    private static readonly TimeSpan ScriptDeadline = TimeSpan.FromMinutes(4);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"ow-cluster-script-{Guid.NewGuid():N}");
    private readonly Dictionary<string, string> _environment;
    private readonly int _httpPort;

    public ClusterScriptTests()
    {
        var ports = FreePorts.TakeConsecutive(3 + 3 + 1 + 1);
        _httpPort = ports + 7;
        _environment = new(StringComparer.Ordinal)
        {
            ["OW_CLUSTER_DIR"] = _directory,
            ["OW_SILO_PORT"] = ports.ToString(CultureInfo.InvariantCulture),
            ["OW_GATEWAY_PORT"] = (ports + 3).ToString(CultureInfo.InvariantCulture),
            ["OW_PG_PORT"] = (ports + 6).ToString(CultureInfo.InvariantCulture),
            ["OW_HTTP_PORT"] = _httpPort.ToString(CultureInfo.InvariantCulture),

            // The test run built the binaries; other test projects may be running from them.
            ["OW_NO_BUILD"] = "1",
        };
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            // A failed test: stop what the script started (it deletes the directory).
            RunScriptAsync("stop").GetAwaiter().GetResult();
        }
    }

    [Fact]
    public async Task StartRunStatusStop_ThreeSilosAndTheGatewayServe_StopLeavesNothing()
    {
        var start = await RunScriptAsync("start");
        Assert.True(start.ExitCode == 0, $"start exited with {start.ExitCode}:\n{start.Output}\n{Logs()}");
        Assert.Contains("3 silos active: ok", start.Output, StringComparison.Ordinal);

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_httpPort}/"), Timeout = TimeSpan.FromSeconds(60) };
        using (var response = await http.PostAsync(new Uri("runtime/webhooks/durabletask/orchestrators/HelloSequence?timeout=30", UriKind.Relative), null))
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {body}");
            // Finished within the wait: the answer is the orchestration's output.
            Assert.Equal(["Hello Tokyo!", "Hello Seattle!", "Hello London!"], JsonSerializer.Deserialize<string[]>(body)!);
        }

        var status = await RunScriptAsync("status");
        Assert.Equal(0, status.ExitCode);
        foreach (var process in new[] { "silo0", "silo1", "silo2", "gateway" })
        {
            Assert.Contains($"{process}: running", status.Output, StringComparison.Ordinal);
        }

        Assert.Contains("active silos in the membership table: 3", status.Output, StringComparison.Ordinal);
        var pids = Directory.GetFiles(_directory, "*.pid").Select(f => int.Parse(File.ReadAllText(f).Trim(), CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(4, pids.Count);

        var stop = await RunScriptAsync("stop");
        Assert.True(stop.ExitCode == 0, $"stop exited with {stop.ExitCode}:\n{stop.Output}");
        Assert.False(Directory.Exists(_directory), "stop deletes the cluster's directory (database included)");
        Assert.All(pids, pid => Assert.False(IsRunning(pid), $"process {pid} still runs after stop"));
        Assert.Equal("not running", (await RunScriptAsync("status")).Output.Trim());
    }

    private async Task<(int ExitCode, string Output)> RunScriptAsync(string command)
    {
        var script = Path.Combine(RepositoryRoot(), "scripts", "cluster.sh");
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(script);
        info.ArgumentList.Add(command);
        foreach (var (name, value) in _environment)
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(ScriptDeadline);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"cluster.sh {command} did not finish within {ScriptDeadline.TotalMinutes:0} min:\n{await output}\n{await error}");
        }

        return (process.ExitCode, await output + await error);
    }

    private string Logs() =>
        Directory.Exists(_directory)
            ? string.Join("\n", Directory.GetFiles(_directory, "*.log").Select(f => $"--- {Path.GetFileName(f)}\n{string.Join("\n", File.ReadLines(f).TakeLast(30))}"))
            : "(no cluster directory)";

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>The repository root: the directory holding OrleansWorkflows.sln, above the test's output directory.</summary>
    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OrleansWorkflows.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No OrleansWorkflows.sln above {AppContext.BaseDirectory}.");
    }
}
