namespace OrleansWorkflows.Bench.Workloads;

/// <summary>timers: N orchestrations each waiting on a 1-second durable timer. Lateness = the orchestrator's
/// <c>CurrentUtcDateTime</c> when it observes the timer minus the timer's due time (returned by <c>Bench.Timer</c>).</summary>
internal sealed class TimersWorkload : Workload
{
    public override string Id => "timers";

    public override string? ThroughputMetric => null;

    public override IReadOnlyList<Variant> Variants(bool quick) => quick ? [new("N=50 x 1 s", 50, 5)] : [new("N=1,000 x 1 s", 1_000, 50)];

    public override async Task<Dictionary<string, double>> RunAsync(BenchContext context, Variant variant, int n)
    {
        var (wall, _, finished) = await Instances.RunAllAsync(context, "Bench.Timer", 1_000, n);
        var lateness = finished.Select(f => f.ReadOutputAs<double>()).ToArray();
        if (lateness.Min() < 0)
        {
            throw new InvalidOperationException($"A timer fired {-lateness.Min():N1} ms before its due time.");
        }

        return new()
        {
            ["lateness_p50_ms"] = Stats.Percentile(lateness, 50),
            ["lateness_p99_ms"] = Stats.Percentile(lateness, 99),
            ["lateness_max_ms"] = lateness.Max(),
            ["wall_s"] = wall.TotalSeconds,
        };
    }

    public override string Summarize(IReadOnlyDictionary<string, double> m) =>
        $"lateness p50 {m["lateness_p50_ms"]:N0} ms, p99 {m["lateness_p99_ms"]:N0} ms, max {m["lateness_max_ms"]:N0} ms";

    public override Target? TargetFor(string backend, Variant variant) => new("lateness_p99_ms", ByBackend(backend, 50, 100, 100), HigherIsBetter: false);
}
