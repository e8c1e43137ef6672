using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;

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

    [Fact]
    public async Task QuickMode_AzureBackend_RunsOnAThrowawayAzurite_AndRecordsItsCpu()
    {
        var json = Path.Combine(_directory, "azure.json");
        var (exitCode, output) = await RunBenchAsync(TimeSpan.FromSeconds(180), "--quick", "--backend", "azure", "--workload", "sequential", "--out", json);

        Assert.True(exitCode == 0, $"The tool exited with {exitCode}:\n{output}");
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        Assert.Contains("Azurite", report.RootElement.GetProperty("durability").GetProperty("azure").GetString(), StringComparison.Ordinal);
        var row = Assert.Single(report.RootElement.GetProperty("rows").EnumerateArray());
        Assert.True(row.GetProperty("status").GetString() == "ok", $"{row}");
        Assert.Equal("azure", row.GetProperty("backend").GetString());
        Assert.True(row.GetProperty("median").GetProperty("ms_per_activity").GetDouble() > 0, $"{row}");
        Assert.True(row.GetProperty("median").GetProperty("server_cpu_ms").GetDouble() > 0, $"{row}");
    }

    [Fact]
    public async Task Otlp_TheSiloTracesAndExportsToTheStandInCollector_AndTheReportSaysWhatItReceived()
    {
        var json = Path.Combine(_directory, "otlp.json");
        var (exitCode, output) = await RunBenchAsync(TimeSpan.FromSeconds(120), "--quick", "--otlp", "--backend", "memory", "--workload", "hello3", "--out", json);

        Assert.True(exitCode == 0, $"The tool exited with {exitCode}:\n{output}");
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var row = Assert.Single(report.RootElement.GetProperty("rows").EnumerateArray());
        Assert.True(row.GetProperty("status").GetString() == "ok", $"{row}");
        var exported = report.RootElement.GetProperty("otlpExports").GetProperty("memory").GetString()!;
        var match = System.Text.RegularExpressions.Regex.Match(exported, @"^(\d+) export requests, ([\d,]+) bytes$");
        Assert.True(match.Success, exported);
        Assert.True(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 1, exported);
    }

    [Fact]
    public async Task TraceToggle_SwitchesTheSilosTracingBetweenRuns_AndPairedGivesTheCostWithinTheSilo()
    {
        // --runs 2: off, on, on, off. The tool checks each run itself (spans after a traced run, none during an untraced
        // one) and fails the rows otherwise, so two ok rows mean the silo switched four times as told. --purge: after
        // every run the finished instances are purged, so each measured run leaves exactly its own 100 to purge.
        var directory = Path.Combine(_directory, "toggle");
        Directory.CreateDirectory(directory);
        var json = Path.Combine(directory, "silo1.json");
        var (exitCode, output) = await RunBenchAsync(TimeSpan.FromSeconds(180), "--quick", "--runs", "2", "--trace-toggle", "--purge", "--backend", "memory", "--workload", "hello3", "--out", json);

        Assert.True(exitCode == 0, $"The tool exited with {exitCode}:\n{output}");
        var purges = Regex.Matches(output, @"traces (on|off) run \d/2: purged (\d+) finished instances");
        Assert.Equal(4, purges.Count);
        Assert.All(purges, m => Assert.Equal("100", m.Groups[2].Value));
        using (var report = JsonDocument.Parse(await File.ReadAllTextAsync(json)))
        {
            var rows = report.RootElement.GetProperty("rows").EnumerateArray().ToList();
            Assert.Equal(["N=100 traces off", "N=100 traces on"], rows.Select(r => r.GetProperty("variant").GetString()));
            Assert.All(rows, r => Assert.True(r.GetProperty("status").GetString() == "ok", $"{r}"));
            Assert.All(rows, r => Assert.Equal(2, r.GetProperty("runMetrics").GetArrayLength()));
            var exported = report.RootElement.GetProperty("otlpExports").GetProperty("memory").GetString()!;
            Assert.Matches(@"^[1-9]\d* export requests", exported);
        }

        var (pairedExit, table) = await RunBenchAsync(TimeSpan.FromSeconds(60), "--paired", directory);

        Assert.True(pairedExit == 0, $"The tool exited with {pairedExit}:\n{table}");
        var line = Assert.Single(table.Split('\n'), l => l.StartsWith("| hello3 | memory | N=100 | orch_per_s | 1 |", StringComparison.Ordinal));
        var cells = line.Split('|', StringSplitOptions.TrimEntries);
        Assert.Matches(@"^[+-]\d+\.\d %$", cells[8]);
        Assert.Contains(cells[10], new[] { "costs less than 10 %", "costs more than 10 %", "undecided" });

        var (emptyExit, empty) = await RunBenchAsync(TimeSpan.FromSeconds(60), "--paired", Path.Combine(_directory, "nothing-here"));
        Assert.Equal(2, emptyExit);
        Assert.Contains("nothing-here", empty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Settling_RunsTheFullSizeUntilTwoFiguresAgree_AndRecordsThemWithCpuPerItem()
    {
        // --settle after --quick turns settling back on; 1000 % lets the second full-size figure agree with the first,
        // so the row records exactly two settling figures and says it settled.
        var json = Path.Combine(_directory, "settle.json");
        var (exitCode, output) = await RunBenchAsync(TimeSpan.FromSeconds(120), "--quick", "--settle", "1000", "--backend", "memory", "--workload", "hello3", "--out", json);

        Assert.True(exitCode == 0, $"The tool exited with {exitCode}:\n{output}");
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var row = Assert.Single(report.RootElement.GetProperty("rows").EnumerateArray());
        Assert.True(row.GetProperty("settled").GetBoolean(), $"{row}");
        Assert.Equal("orch_per_s", row.GetProperty("settleMetric").GetString());
        var figures = row.GetProperty("settleFigures").EnumerateArray().Select(f => f.GetDouble()).ToList();
        Assert.Equal(2, figures.Count);
        Assert.All(figures, f => Assert.True(f > 0, $"{row}"));
        Assert.True(row.GetProperty("median").GetProperty("silo_cpu_us_per_item").GetDouble() > 0, $"{row}");
        Assert.Contains("settled after 2 full-size runs", output, StringComparison.Ordinal);
        Assert.Contains("µs/item", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScaleAndCompare_TwoSidesOfFreshSilos_GiveOneFigurePerSiloAndTheChangeWithItsInterval()
    {
        // Two sides of two fresh silos each (one tool invocation = one silo), at 3x the quick size.
        foreach (var side in new[] { "base", "other" })
        {
            for (var silo = 1; silo <= 2; silo++)
            {
                var json = Path.Combine(_directory, side, $"silo{silo}.json");
                Directory.CreateDirectory(Path.GetDirectoryName(json)!);
                var (exitCode, output) = await RunBenchAsync(TimeSpan.FromSeconds(120), "--quick", "--scale", "3", "--backend", "memory", "--workload", "events", "--out", json);
                Assert.True(exitCode == 0, $"The tool exited with {exitCode}:\n{output}");
                using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
                var row = Assert.Single(report.RootElement.GetProperty("rows").EnumerateArray());
                Assert.Equal("N=100 x3", row.GetProperty("variant").GetString());
                Assert.Equal(300, row.GetProperty("n").GetInt32()); // the events workload checks the orchestration counted all 300
            }
        }

        var (compareExit, table) = await RunBenchAsync(TimeSpan.FromSeconds(60), "--compare", $"{Path.Combine(_directory, "base")},{Path.Combine(_directory, "other")}");

        Assert.True(compareExit == 0, $"The tool exited with {compareExit}:\n{table}");
        Assert.Contains("other against base", table, StringComparison.Ordinal);
        var line = Assert.Single(table.Split('\n'), l => l.StartsWith("| events | memory | N=100 x3 | events_per_s | 2 / 2 |", StringComparison.Ordinal));
        var cells = line.Split('|', StringSplitOptions.TrimEntries);
        Assert.Matches(@"^[+-]\d+\.\d %$", cells[8]);
        Assert.Matches(@"^[+-]\d+\.\d \.\. [+-]\d+\.\d %$", cells[9]);
        Assert.Contains(cells[10], new[] { "not slower than 5 %", "slower by more than 5 %", "undecided" });

        var (missingExit, missing) = await RunBenchAsync(TimeSpan.FromSeconds(60), "--compare", Path.Combine(_directory, "base"));
        Assert.Equal(2, missingExit);
        Assert.Contains("at least two directories", missing, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TransportBoth_RunsSequentialInProcess_OverGrpcWithARemoteSdkWorker_AndOnInProcessTestHost()
    {
        var json = Path.Combine(_directory, "grpc.json");
        var (exitCode, output) = await RunBenchAsync(
            TimeSpan.FromSeconds(180), "--quick", "--transport", "both", "--backend", "memory,testhost", "--workload", "sequential", "--out", json);

        Assert.True(exitCode == 0, $"The tool exited with {exitCode}:\n{output}");
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var rows = report.RootElement.GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("backend").GetString()!);
        Assert.Equal(["memory", "memory+grpc", "testhost"], rows.Keys.Order());
        Assert.All(rows.Values, r => Assert.True(r.GetProperty("status").GetString() == "ok" && r.GetProperty("median").GetProperty("ms_per_activity").GetDouble() > 0, $"{r}"));
        Assert.All(rows.Values, r => Assert.Equal(30, r.GetProperty("n").GetInt32()));
        // Only the in-process row reads the episodes' bytes back from our store.
        Assert.True(rows["memory"].GetProperty("median").TryGetProperty("first_episode_bytes", out _), $"{rows["memory"]}");
        Assert.Contains("none (InProcessTestHost", report.RootElement.GetProperty("durability").GetProperty("testhost").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TransportGrpc_RunsHello3OnSqliteThroughTheGateway_WithTheWorkersCpu_AndNoInProcessRow()
    {
        var json = Path.Combine(_directory, "grpc-sqlite.json");
        var (exitCode, output) = await RunBenchAsync(TimeSpan.FromSeconds(180), "--quick", "--transport", "grpc", "--backend", "sqlite", "--workload", "hello3", "--out", json);

        Assert.True(exitCode == 0, $"The tool exited with {exitCode}:\n{output}");
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var row = Assert.Single(report.RootElement.GetProperty("rows").EnumerateArray());
        Assert.True(row.GetProperty("status").GetString() == "ok", $"{row}");
        Assert.Equal("sqlite+grpc", row.GetProperty("backend").GetString());
        var median = row.GetProperty("median");
        Assert.True(median.GetProperty("orch_per_s").GetDouble() > 0, $"{row}");
        // The orchestrations and activities ran in the SDK worker process, whose CPU time is recorded beside the gateway's.
        Assert.True(median.GetProperty("worker_cpu_ms").GetDouble() > 0 && median.GetProperty("silo_cpu_ms").GetDouble() > 0, $"{row}");
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
