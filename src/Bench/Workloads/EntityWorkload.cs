using System.Diagnostics;

namespace OrleansWorkflows.Bench.Workloads;

/// <summary>
/// entity: N <c>add 1</c> signals from the client to the sample <c>Counter</c> entity — all to one entity, or spread
/// over 100 — raised as fast as the client can; operations/s = signals ÷ time from the first signal until the client
/// reads every final count (each checked).
/// </summary>
internal sealed class EntityWorkload : Workload
{
    public override string Id => "entity";

    public override string? ThroughputMetric => "ops_per_s";

    public override IReadOnlyList<Variant> Variants(bool quick) => quick
        ? [new("200 to 1 entity", 200, 20), new("200 over 20 entities", 200, 20, Width: 20)]
        : [new("10,000 to 1 entity", 10_000, 1_000), new("10,000 over 100 entities", 10_000, 1_000, Width: 100)];

    public override async Task<Dictionary<string, double>> RunAsync(BenchContext context, Variant variant, int n)
    {
        var entities = variant.Width;
        var prefix = BenchContext.NewPrefix("counter");
        var ids = Enumerable.Range(0, entities).Select(e => new EntityId("Counter", $"{prefix}-{e}")).ToArray();
        var clock = Stopwatch.StartNew();
        await Instances.ForEachConcurrentAsync(context, n, i => context.Client.SignalEntityAsync(ids[i % entities], "add", 1));
        var signalled = clock.Elapsed;
        for (var e = 0; e < entities; e++)
        {
            var expected = n / entities + (e < n % entities ? 1 : 0);
            await WaitForCountAsync(context.Client, ids[e], expected);
        }

        clock.Stop();
        return new() { ["ops_per_s"] = n / clock.Elapsed.TotalSeconds, ["signal_s"] = signalled.TotalSeconds, ["wall_s"] = clock.Elapsed.TotalSeconds };
    }

    public override string Summarize(IReadOnlyDictionary<string, double> m) =>
        $"{m["ops_per_s"]:N0} ops/s ({m["wall_s"]:N2} s; signalling took {m["signal_s"]:N2} s)";

    public override Target? TargetFor(string backend, Variant variant) =>
        variant.Width == 1 ? new("ops_per_s", ByBackend(backend, 20_000, 2_000, 3_000), HigherIsBetter: true) : null;

    private static async Task WaitForCountAsync(WorkflowClient client, EntityId id, int expected)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var count = await client.GetEntityStateAsync<int>(id);
            if (count == expected)
            {
                return;
            }

            if (count > expected || deadline.Elapsed > TimeSpan.FromMinutes(5))
            {
                throw new InvalidOperationException($"entity {id}: count {count}, expected {expected}.");
            }

            await Task.Delay(5);
        }
    }
}
