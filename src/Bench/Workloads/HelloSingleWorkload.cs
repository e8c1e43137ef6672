namespace OrleansWorkflows.Bench.Workloads;

/// <summary>hello3, one orchestration at a time: start→complete latency of a single instance on an idle system.</summary>
internal sealed class HelloSingleWorkload : Workload
{
    public override string Id => "hello3-single";

    public override string? ThroughputMetric => null;

    public override IReadOnlyList<Variant> Variants(bool quick) => quick ? [new("10 in turn", 10, 3)] : [new("200 in turn", 200, 50)];

    public override async Task<Dictionary<string, double>> RunAsync(BenchContext context, Variant variant, int n)
    {
        var latencies = new List<double>();
        context.Progress.Begin(context.Label, n);
        for (var i = 0; i < n; i++)
        {
            var (_, latency, _) = await Instances.RunAllAsync(context, "Bench.Sequence", 3, 1, showProgress: false);
            latencies.Add(latency[0]);
            context.Progress.Add();
        }

        return new() { ["p50_ms"] = Stats.Percentile(latencies, 50), ["p99_ms"] = Stats.Percentile(latencies, 99) };
    }

    public override string Summarize(IReadOnlyDictionary<string, double> m) => $"latency p50 {m["p50_ms"]:N1} ms, p99 {m["p99_ms"]:N1} ms";

    public override Target? TargetFor(string backend, Variant variant) => new("p50_ms", ByBackend(backend, 3, 20, 15), HigherIsBetter: false);
}
