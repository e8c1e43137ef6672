namespace OrleansWorkflows.Bench.Workloads;

/// <summary>fanout: one orchestration fanning out N activities returning i and summing them; wall time start→complete.</summary>
internal sealed class FanOutWorkload : Workload
{
    public override string Id => "fanout";

    public override string? ThroughputMetric => "activities_per_s";

    public override IReadOnlyList<Variant> Variants(bool quick) => quick
        ? [new("N=300", 300, 50)]
        : [new("N=1,000", 1_000, 1_000), new("N=10,000", 10_000, 1_000)];

    public override async Task<Dictionary<string, double>> RunAsync(BenchContext context, Variant variant, int n)
    {
        var (wall, _, finished) = await Instances.RunAllAsync(context, "Bench.FanOut", n, 1);
        var expected = (long)n * (n - 1) / 2;
        if (finished[0].ReadOutputAs<long>() != expected)
        {
            throw new InvalidOperationException($"fanout {n} returned {finished[0].SerializedOutput}, expected {expected}.");
        }

        return new() { ["wall_s"] = wall.TotalSeconds, ["activities_per_s"] = n / wall.TotalSeconds };
    }

    public override string Summarize(IReadOnlyDictionary<string, double> m) =>
        $"{m["wall_s"]:N3} s wall, {m["activities_per_s"]:N0} activities/s";

    public override Target? TargetFor(string backend, Variant variant) => variant.N switch
    {
        1_000 => new("wall_s", ByBackend(backend, 0.15, 1, 1), HigherIsBetter: false),
        10_000 => new("wall_s", ByBackend(backend, 1.5, 8, 6), HigherIsBetter: false),
        _ => null,
    };
}
