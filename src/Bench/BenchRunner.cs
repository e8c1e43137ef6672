using OrleansWorkflows.Bench.Workloads;

namespace OrleansWorkflows.Bench;

/// <summary>Runs the selected workloads on each backend: a warm-up (repeated for at least <see cref="BenchOptions.MinWarmup"/>),
/// then the measured runs, medians into the report.</summary>
internal sealed partial class BenchRunner(BenchOptions options, BenchReport report, Progress progress)
{
    private static readonly TimeSpan SiloStartTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(15);

    private OtlpSink? _sink;

    private IEnumerable<Workload> Selected => WorkloadCatalog.All.Where(w => options.Selects(w.Id));

    public async Task RunBackendAsync(string name)
    {
        report.LoadAverage[$"{name} before"] = MachineInfo.LoadAverage();
        var (backend, skip) = await Backend.PrepareAsync(name, options);
        if (backend is null)
        {
            Skip(name, skip!);
            return;
        }

        await using (backend)
        await using (var sink = options.Otlp ? OtlpSink.Start() : null)
        {
            _sink = sink;
            report.Durability[name] = backend.Durability;
            if (name != "testhost" && options.InProcess)
            {
                await RunInProcessRowsAsync(backend, sink);
            }

            if (name == "testhost" || options.OverGrpc)
            {
                await RunSdkRowsAsync(backend);
            }
        }

        if (_sink is { } exported)
        {
            report.OtlpExports[name] = $"{exported.Requests} export requests, {exported.Bytes:N0} bytes";
        }

        report.LoadAverage[$"{name} after"] = MachineInfo.LoadAverage();
    }

    /// <summary>The rows through the silo's Orleans client: one silo for the backend runs every selected workload.</summary>
    private async Task RunInProcessRowsAsync(Backend backend, OtlpSink? sink)
    {
        using var toggle = options.TraceToggle && sink is not null ? new TracingToggle() : null;
        SiloProcess? shared = null;
        try
        {
            var settings = SiloSettings(backend);
            foreach (var (key, value) in toggle?.SiloSettings() ?? [])
            {
                settings[key] = value;
            }

            shared = await SiloProcess.StartAsync(options.SiloDll, settings, SiloStartTimeout, options.GatewayDll, toggle is null ? null : TracingToggle.Lines);
        }
        catch (Exception ex)
        {
            progress.Line(ex.Message);
            Skip(backend.Name, $"the silo did not start on this backend: {Reason(ex)}");
            return;
        }

        await using (shared)
        {
            var underTest = new UnderTest(shared, null);
            foreach (var workload in Selected)
            {
                foreach (var variant in options.VariantsOf(workload).Where(backend.Runs))
                {
                    if (toggle is not null && !workload.FreshSiloPerRun)
                    {
                        await RunToggledVariantAsync(backend, underTest, workload, variant, toggle, sink!);
                    }
                    else
                    {
                        await RunVariantAsync(backend, underTest, workload, variant);
                    }
                }
            }

            if (sink is not null)
            {
                // The silo is killed, not stopped: give its exporter (one batch every 500 ms) time to send what it has.
                await sink.WaitForExportAsync(TimeSpan.FromSeconds(15));
            }
        }
    }

    /// <summary>A new silo's settings: the backend's, and with <c>--otlp</c> the export to the stand-in collector.</summary>
    private Dictionary<string, string> SiloSettings(Backend backend)
    {
        var settings = backend.NewSiloSettings();
        foreach (var (key, value) in _sink?.SiloSettings() ?? [])
        {
            settings[key] = value;
        }

        return settings;
    }

    private async Task RunVariantAsync(Backend backend, UnderTest shared, Workload workload, Variant variant)
    {
        var rowBackend = shared.Label(backend.Name);
        var label = $"{rowBackend} {workload.Id} {variant.Label}";
        var runs = new List<Dictionary<string, double>>();
        var settle = new Settling(SettleMetricOf(workload), []);
        try
        {
            if (!workload.FreshSiloPerRun)
            {
                await WarmUpAsync(backend, shared, workload, variant, label);
                settle = await SettleAsync(backend, shared, workload, variant, label);
            }

            for (var run = 1; run <= options.Runs; run++)
            {
                if (workload.FreshSiloPerRun)
                {
                    await using var silo = await SiloProcess.StartAsync(options.SiloDll, SiloSettings(backend), SiloStartTimeout, options.GatewayDll);
                    var fresh = new UnderTest(silo, null);
                    // One warm-up run only: what stays of it in the fresh silo is part of what the run measures.
                    await OnceAsync(backend, fresh, workload, variant, variant.WarmupN, $"{label} warm-up");
                    runs.Add(await OnceAsync(backend, fresh, workload, variant, variant.N, $"{label} run {run}/{options.Runs}"));
                }
                else
                {
                    runs.Add(await OnceAsync(backend, shared, workload, variant, variant.N, $"{label} run {run}/{options.Runs}"));
                }
            }
        }
        catch (Exception ex)
        {
            Add(new ResultRow { Backend = rowBackend, Workload = workload.Id, Variant = variant.Label, N = variant.N, Status = "failed", Note = Reason(ex), RunMetrics = runs });
            return;
        }

        var median = Stats.MedianOf(runs);
        var target = shared.Sdk is not null ? null
            : backend.Name == "azure" ? Backend.AzureTarget(workload.Id, variant) : workload.TargetFor(backend.Name, variant);
        Add(new ResultRow
        {
            Backend = rowBackend, Workload = workload.Id, Variant = variant.Label, N = variant.N, Status = "ok",
            Summary = workload.Summarize(median), Median = median, RunMetrics = runs, ThroughputMetric = workload.ThroughputMetric,
            Target = target, Verdict = target is null ? null : Verdict(target, median[target.Metric]),
            SettleMetric = settle.Metric, SettleFigures = settle.Figures, Settled = settle.Settled,
        });
    }

    /// <summary>What settling watches: the workload's throughput, or the silo's CPU per item when it has none.</summary>
    private static string SettleMetricOf(Workload workload) => workload.ThroughputMetric ?? "silo_cpu_us_per_item";

    /// <summary>
    /// Runs the variant at its full size until two consecutive runs' figures agree within
    /// <see cref="BenchOptions.SettleTolerance"/> (steady state), at most <see cref="BenchOptions.MaxSettleRuns"/> runs or
    /// <see cref="BenchOptions.MaxSettleTime"/>. A short warm-up alone does not reach it: a fresh silo's first thousands
    /// of orchestrations run at about half the rate of later ones.
    /// </summary>
    private async Task<Settling> SettleAsync(Backend backend, UnderTest silo, Workload workload, Variant variant, string label)
    {
        var metric = SettleMetricOf(workload);
        if (options.SettleTolerance <= 0)
        {
            return new Settling(metric, [], null);
        }

        var figures = new List<double>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var run = 1; run <= BenchOptions.MaxSettleRuns && clock.Elapsed < BenchOptions.MaxSettleTime; run++)
        {
            var metrics = await OnceAsync(backend, silo, workload, variant, variant.N, $"{label} settling {run}");
            figures.Add(metrics[metric]);
            if (figures.Count >= 2 && Agree(figures[^2], figures[^1], options.SettleTolerance))
            {
                progress.Line($"{label}: settled after {run} full-size runs ({metric} {string.Join(" -> ", figures.Select(f => f.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)))})");
                return new Settling(metric, figures, true);
            }
        }

        progress.Line($"{label}: not settled within {figures.Count} full-size runs ({metric}); measuring anyway");
        return new Settling(metric, figures, false);
    }

    /// <summary>Whether two figures differ by at most <paramref name="tolerance"/> of the larger.</summary>
    internal static bool Agree(double a, double b, double tolerance) =>
        Math.Abs(a - b) <= tolerance * Math.Max(Math.Abs(a), Math.Abs(b));

    private sealed record Settling(string Metric, List<double> Figures, bool? Settled = null);

    /// <summary>Repeats the variant's warm-up run until <see cref="BenchOptions.MinWarmup"/> has passed (at least once).</summary>
    private async Task WarmUpAsync(Backend backend, UnderTest silo, Workload workload, Variant variant, string label)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var run = 1; run <= BenchOptions.MaxWarmupRuns; run++)
        {
            await OnceAsync(backend, silo, workload, variant, variant.WarmupN, $"{label} warm-up {run}");
            if (clock.Elapsed >= options.MinWarmup)
            {
                return;
            }
        }
    }

    private async Task<Dictionary<string, double>> OnceAsync(Backend backend, UnderTest silo, Workload workload, Variant variant, int n, string label)
    {
        var cpu = CpuSampler.Start(silo.ProcessId, backend.ServerProcessName, silo.HelperProcessId, backend.ServerProcessId);
        var metrics = await workload.RunAsync(new BenchContext(silo, progress, label), variant, n).WaitAsync(RunTimeout);
        if (silo.Sdk?.WorkerProcessId is not null)
        {
            metrics["worker_cpu_ms"] = cpu.HelperMilliseconds();
        }

        metrics["other_cpu_pct"] = cpu.OtherPercent();
        if (backend.ServerProcessId is not null)
        {
            metrics["server_cpu_ms"] = cpu.ServerMilliseconds();
        }

        metrics["tool_cpu_ms"] = cpu.ToolMilliseconds();
        metrics["silo_cpu_ms"] = cpu.SiloMilliseconds();
        // The engine's cost per unit of work (orchestration, activity, event, operation or timer: the workload's N).
        metrics["silo_cpu_us_per_item"] = metrics["silo_cpu_ms"] * 1000 / Math.Max(1, n);
        if (options.PurgeBetweenRuns && silo.Silo is { } process)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var purged = await process.Client.PurgeInstancesAsync(new PurgeFilter(DateTime.MinValue)).WaitAsync(RunTimeout);
            progress.Line($"{label}: purged {purged:N0} finished instances in {clock.Elapsed.TotalSeconds:0.0} s");
        }

        return metrics;
    }

    private void Skip(string backend, string reason)
    {
        foreach (var workload in Selected)
        {
            foreach (var variant in options.VariantsOf(workload))
            {
                Add(new ResultRow { Backend = backend, Workload = workload.Id, Variant = variant.Label, N = variant.N, Status = "skipped", Note = reason });
            }
        }
    }

    private void Add(ResultRow row)
    {
        report.Rows.Add(row);
        progress.Line($"{row.Backend,-8} {row.Workload,-13} {row.Variant,-26} {row.Status,-7} {row.Summary ?? row.Note}");
    }

    private static string Verdict(Target target, double value)
    {
        var met = target.HigherIsBetter ? value >= target.Value : value <= target.Value;
        var ratio = value / target.Value;
        return (met, target.HigherIsBetter) switch
        {
            (true, _) => $"met ({ratio:0.##}x the target)",
            (false, true) => $"missed: {ratio * 100:0.#}% of the target",
            (false, false) => $"missed: {ratio:0.##}x the target",
        };
    }

    private static string Reason(Exception ex)
    {
        var lines = ex.Message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var cause = lines.FirstOrDefault(l => l.Contains("Exception:", StringComparison.Ordinal)) ?? lines.FirstOrDefault() ?? ex.GetType().Name;
        return cause.Length > 300 ? cause[..300] : cause;
    }
}
