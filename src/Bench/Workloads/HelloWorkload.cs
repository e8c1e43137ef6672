namespace OrleansWorkflows.Bench.Workloads;

/// <summary>
/// hello3 / cities5: N orchestrations started at once, each calling <paramref name="activities"/> trivial activities in
/// sequence (<c>Bench.Sequence</c>). Orchestrations/s, events/s (activity call + result = 2 events) and start→complete
/// latency percentiles.
/// </summary>
internal sealed class HelloWorkload(string id, int activities) : Workload
{
    public override string Id => id;

    public override string? ThroughputMetric => "orch_per_s";

    public override IReadOnlyList<Variant> Variants(bool quick) => quick
        ? [new("N=100", 100, 20)]
        : activities == 3 ? [new("N=1,000", 1_000, 500), new("N=10,000", 10_000, 1_000)] : [new("N=1,000", 1_000, 500)];

    /// <summary>hello3 has an SDK form (the rows over gRPC and on InProcessTestHost); cities5 is not asked for there.</summary>
    public override bool RunsOverSdk => activities == 3;

    public override async Task<Dictionary<string, double>> RunAsync(BenchContext context, Variant variant, int n)
    {
        var (wall, latencies) = context.Sdk is { } sdk
            ? await SdkInstances.RunAllAsync(context, sdk, activities, n)
            : await RunInProcessAsync(context, n);
        var perSecond = n / wall.TotalSeconds;
        return new()
        {
            ["wall_s"] = wall.TotalSeconds,
            ["orch_per_s"] = perSecond,
            ["events_per_s"] = perSecond * activities * 2,
            ["p50_ms"] = Stats.Percentile(latencies, 50),
            ["p99_ms"] = Stats.Percentile(latencies, 99),
        };
    }

    private async Task<(TimeSpan Wall, double[] LatencyMs)> RunInProcessAsync(BenchContext context, int n)
    {
        var (wall, latencies, _) = await Instances.RunAllAsync(context, "Bench.Sequence", activities, n);
        return (wall, latencies);
    }

    public override string Summarize(IReadOnlyDictionary<string, double> m) =>
        $"{m["orch_per_s"]:N0} orch/s, {m["events_per_s"]:N0} events/s, latency p50 {m["p50_ms"]:N0} ms, p99 {m["p99_ms"]:N0} ms";

    public override Target? TargetFor(string backend, Variant variant) =>
        activities == 3 && variant.N >= 10_000 ? new("orch_per_s", ByBackend(backend, 3_000, 600, 1_000), HigherIsBetter: true) : null;
}
