using System.Diagnostics;

namespace OrleansWorkflows.Bench.Workloads;

/// <summary>idle: N orchestrations started (bounded client concurrency) and left waiting for an event. Start rate, and
/// the silo's resident memory (VmRSS) before and 2 s after the last start. Each run gets a fresh silo.</summary>
internal sealed class IdleWorkload : Workload
{
    public override string Id => "idle";

    public override string? ThroughputMetric => "starts_per_s";

    public override bool FreshSiloPerRun => true;

    public override IReadOnlyList<Variant> Variants(bool quick) => quick ? [new("N=1,000", 1_000, 50)] : [new("N=100,000", 100_000, 1_000)];

    public override async Task<Dictionary<string, double>> RunAsync(BenchContext context, Variant variant, int n)
    {
        var before = context.Silo.ResidentBytes();
        var prefix = BenchContext.NewPrefix("idle");
        var clock = Stopwatch.StartNew();
        await Instances.ForEachConcurrentAsync(context, n, i => context.Client.StartAsync("Bench.Idle", null, $"{prefix}-{i}"));
        clock.Stop();
        await Task.Delay(TimeSpan.FromSeconds(2));
        var last = await context.Client.GetStatusAsync($"{prefix}-{n - 1}", includeInputsAndOutputs: false);
        if (last?.RuntimeStatus != OrchestrationRuntimeStatus.Running)
        {
            throw new InvalidOperationException($"idle: the last instance is {last?.RuntimeStatus.ToString() ?? "missing"}, not Running.");
        }

        var after = context.Silo.ResidentBytes();
        return new()
        {
            ["starts_per_s"] = n / clock.Elapsed.TotalSeconds,
            ["rss_before_mib"] = before / 1048576.0,
            ["rss_after_mib"] = after / 1048576.0,
            ["bytes_per_instance"] = (after - before) / (double)n,
        };
    }

    public override string Summarize(IReadOnlyDictionary<string, double> m) =>
        $"{m["starts_per_s"]:N0} starts/s; silo RSS {m["rss_before_mib"]:N0} -> {m["rss_after_mib"]:N0} MiB ({m["bytes_per_instance"] / 1024:N1} KiB/instance)";

    public override Target? TargetFor(string backend, Variant variant) => variant.N >= 100_000 ? new("rss_after_mib", 2_048, HigherIsBetter: false) : null;
}
