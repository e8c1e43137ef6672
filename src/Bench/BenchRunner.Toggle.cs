using OrleansWorkflows.Bench.Workloads;

namespace OrleansWorkflows.Bench;

/// <summary><c>--trace-toggle</c>: a variant measured with the shared silo's tracing switched off and on between runs.</summary>
internal sealed partial class BenchRunner
{
    /// <summary>How long the spans of a run traced may take to reach the stand-in collector (the exporter sends every 500 ms).</summary>
    private static readonly TimeSpan ExportTimeout = TimeSpan.FromSeconds(15);

    /// <summary>Labels of the two rows a toggled variant gives.</summary>
    internal static string ToggledLabel(string variant, bool on) => $"{variant} traces {(on ? "on" : "off")}";

    /// <summary>
    /// Warms the variant up traced, then untraced (so both paths are compiled), settles it untraced, and runs it
    /// <see cref="BenchOptions.Runs"/> times each way in the order off, on, on, off, off, on, ... (a drift of the silo
    /// over the runs then weighs on both sides alike). Every run is checked: spans reached the collector after a traced
    /// run, none during an untraced one. Adds a "traces off" and a "traces on" row.
    /// </summary>
    private async Task RunToggledVariantAsync(Backend backend, UnderTest shared, Workload workload, Variant variant, TracingToggle toggle, OtlpSink sink)
    {
        var rowBackend = shared.Label(backend.Name);
        var label = $"{rowBackend} {workload.Id} {variant.Label}";
        var silo = shared.Silo!;
        var runs = new Dictionary<bool, List<Dictionary<string, double>>> { [false] = [], [true] = [] };
        var settle = new Settling(SettleMetricOf(workload), []);
        try
        {
            await toggle.SetAsync(silo, true);
            await WarmUpAsync(backend, shared, workload, variant, $"{label} traces on");
            await toggle.SetAsync(silo, false);
            await WarmUpAsync(backend, shared, workload, variant, $"{label} traces off");
            settle = await SettleAsync(backend, shared, workload, variant, $"{label} traces off");
            for (var run = 0; run < 2 * options.Runs; run++)
            {
                var on = run % 4 is 1 or 2;
                await toggle.SetAsync(silo, on);
                var exported = sink.TraceRequests;
                var metrics = await OnceAsync(backend, shared, workload, variant, variant.N, $"{label} traces {(on ? "on" : "off")} run {runs[on].Count + 1}/{options.Runs}");
                await CheckExportsAsync(sink, on, exported);
                runs[on].Add(metrics);
            }
        }
        catch (Exception ex)
        {
            foreach (var on in new[] { false, true })
            {
                Add(new ResultRow { Backend = rowBackend, Workload = workload.Id, Variant = ToggledLabel(variant.Label, on), N = variant.N, Status = "failed", Note = Reason(ex), RunMetrics = runs[on] });
            }

            return;
        }

        foreach (var on in new[] { false, true })
        {
            var median = Stats.MedianOf(runs[on]);
            Add(new ResultRow
            {
                Backend = rowBackend, Workload = workload.Id, Variant = ToggledLabel(variant.Label, on), N = variant.N, Status = "ok",
                Summary = workload.Summarize(median), Median = median, RunMetrics = runs[on], ThroughputMetric = workload.ThroughputMetric,
                SettleMetric = on ? null : settle.Metric, SettleFigures = on ? [] : settle.Figures, Settled = on ? null : settle.Settled,
            });
        }
    }

    /// <summary>
    /// Whether a traced silo sends spans: not when the tool's environment (which the silo inherits) records spans without
    /// exporting them (<c>OTEL_TRACES_EXPORTER=none</c>) or samples none (<c>OTEL_TRACES_SAMPLER=always_off</c>), the
    /// variants that split the cost.
    /// </summary>
    private static bool TracedSiloExports =>
        !string.Equals(Environment.GetEnvironmentVariable("OTEL_TRACES_EXPORTER")?.Trim(), "none", StringComparison.OrdinalIgnoreCase)
        && !string.Equals(Environment.GetEnvironmentVariable("OTEL_TRACES_SAMPLER")?.Trim(), "always_off", StringComparison.OrdinalIgnoreCase);

    /// <summary>A traced run must have sent spans (when the silo exports them); an untraced one none.</summary>
    private static async Task CheckExportsAsync(OtlpSink sink, bool on, long before)
    {
        if (!on && sink.TraceRequests != before)
        {
            throw new InvalidOperationException($"{sink.TraceRequests - before} span export requests arrived during a run with traces off: the silo did not switch.");
        }

        if (on && TracedSiloExports && !await Poll.UntilAsync(() => sink.TraceRequests > before, ExportTimeout))
        {
            throw new InvalidOperationException($"No spans arrived within {ExportTimeout.TotalSeconds:0} s of a run with traces on.");
        }
    }
}
