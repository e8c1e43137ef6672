using System.Diagnostics;

namespace OrleansWorkflows.Bench.Workloads;

/// <summary>events: one orchestration waiting for N external events raised by the client as fast as it can; events/s =
/// events raised ÷ time from the first raise to the observed completion.</summary>
internal sealed class EventsWorkload : Workload
{
    public override string Id => "events";

    public override string? ThroughputMetric => "events_per_s";

    public override IReadOnlyList<Variant> Variants(bool quick) => quick ? [new("N=100", 100, 20)] : [new("N=1,000", 1_000, 200)];

    public override async Task<Dictionary<string, double>> RunAsync(BenchContext context, Variant variant, int n)
    {
        var id = await context.Client.StartAsync("Bench.Events", n, BenchContext.NewPrefix("events"));
        var clock = Stopwatch.StartNew();
        await Instances.ForEachConcurrentAsync(context, n, _ => context.Client.RaiseEventAsync(id, "e", 1));
        var raised = clock.Elapsed;
        var finished = await context.Client.WaitForCompletionAsync(id);
        clock.Stop();
        Instances.EnsureCompleted([finished]);
        if (finished.ReadOutputAs<long>() != n)
        {
            throw new InvalidOperationException($"events: the orchestration counted {finished.SerializedOutput} of {n}.");
        }

        return new() { ["events_per_s"] = n / clock.Elapsed.TotalSeconds, ["raise_s"] = raised.TotalSeconds, ["wall_s"] = clock.Elapsed.TotalSeconds };
    }

    public override string Summarize(IReadOnlyDictionary<string, double> m) =>
        $"{m["events_per_s"]:N0} events/s ({m["wall_s"]:N2} s; raising took {m["raise_s"]:N2} s)";

    public override Target? TargetFor(string backend, Variant variant) => new("events_per_s", ByBackend(backend, 10_000, 1_000, 2_000), HigherIsBetter: true);
}
