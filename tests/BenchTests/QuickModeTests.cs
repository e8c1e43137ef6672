using System.Diagnostics;
using System.Reflection;
using System.Text.Json;

namespace OrleansWorkflows.BenchTests;

/// <summary>The benchmark tool's <c>--quick</c> mode on the memory backend writes a results JSON with a row for every workload.</summary>
public sealed class QuickModeTests : IDisposable
{
    private static readonly string[] Workloads = ["hello3", "hello3-single", "cities5", "fanout", "sequential", "events", "entity", "timers", "syncstart", "idle"];
    private readonly string _directory = Directory.CreateTempSubdirectory("orleansworkflows-bench-tests-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task QuickMode_MemoryBackend_WritesEveryWorkloadRowWithMetrics()
    {
        var json = Path.Combine(_directory, "results.json");
        var svg = Path.Combine(_directory, "chart.svg");
        var (exitCode, output) = await RunBenchAsync(TimeSpan.FromSeconds(120), "--quick", "--backend", "memory", "--out", json, "--svg", svg);

        Assert.True(exitCode == 0, $"The tool exited with {exitCode}:\n{output}");
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var root = report.RootElement;
        Assert.True(root.GetProperty("quick").GetBoolean());
        Assert.True(root.GetProperty("machine").GetProperty("cores").GetInt32() > 0);
        Assert.False(string.IsNullOrEmpty(root.GetProperty("machine").GetProperty("dotNet").GetString()));
        Assert.Contains("none", root.GetProperty("durability").GetProperty("memory").GetString(), StringComparison.Ordinal);
        var rows = root.GetProperty("rows").EnumerateArray().ToList();
        foreach (var workload in Workloads)
        {
            var workloadRows = rows.Where(r => r.GetProperty("workload").GetString() == workload && r.GetProperty("backend").GetString() == "memory").ToList();
            Assert.True(workloadRows.Count > 0, $"No row for workload {workload}:\n{output}");
            foreach (var row in workloadRows)
            {
                Assert.True(row.GetProperty("status").GetString() == "ok", $"{workload}: {row}");
                var median = row.GetProperty("median").EnumerateObject().ToList();
                Assert.NotEmpty(median);
                Assert.All(median, m => Assert.True(double.IsFinite(m.Value.GetDouble()) && m.Value.GetDouble() >= 0, $"{workload} {m.Name} = {m.Value}"));
            }
        }

        // syncstart went through the HTTP gateway: every start answered 200, and the engine's run times were read back.
        Assert.All(
            rows.Where(r => r.GetProperty("workload").GetString() == "syncstart"),
            r => Assert.True(r.GetProperty("median").GetProperty("run_p50_ms").GetDouble() > 0 && r.GetProperty("median").GetProperty("starts_per_s").GetDouble() > 0, $"{r}"));
        Assert.Contains("<svg", await File.ReadAllTextAsync(svg), StringComparison.Ordinal);
        Assert.Contains("| memory | hello3 |", output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> RunBenchAsync(TimeSpan deadline, params string[] arguments)
    {
        var bench = typeof(QuickModeTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BenchDll").Value!;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(bench);
        arguments.ToList().ForEach(start.ArgumentList.Add);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"The quick benchmark did not finish within {deadline.TotalSeconds:0} s:\n{await stdout}\n{await stderr}");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
