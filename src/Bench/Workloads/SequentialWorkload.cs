using System.Text.Json;

namespace OrleansWorkflows.Bench.Workloads;

/// <summary>
/// sequential: one orchestration calling N activities one after the other. ms per activity, and the history bytes
/// appended by the first and the last episode (read back from the store through the history API: each episode starts
/// with an <c>OrchestratorStarted</c> event; bytes = UTF-8 JSON of the episode's events as stored).
/// </summary>
internal sealed class SequentialWorkload : Workload
{
    public override string Id => "sequential";

    public override string? ThroughputMetric => "activities_per_s";

    public override IReadOnlyList<Variant> Variants(bool quick) => quick
        ? [new("N=30", 30, 5)]
        : [new("N=100", 100, 100), new("N=1,000", 1_000, 100)];

    /// <summary>Over the SDK only the time per activity is measured (the episodes' bytes are read from our store).</summary>
    public override bool RunsOverSdk => true;

    public override async Task<Dictionary<string, double>> RunAsync(BenchContext context, Variant variant, int n)
    {
        if (context.Sdk is { } sdk)
        {
            var (sdkWall, _) = await SdkInstances.RunAllAsync(context, sdk, n, 1);
            return new()
            {
                ["ms_per_activity"] = sdkWall.TotalMilliseconds / n,
                ["activities_per_s"] = n / sdkWall.TotalSeconds,
            };
        }

        var (wall, _, finished) = await Instances.RunAllAsync(context, "Bench.Sequence", n, 1);
        var episodes = await EpisodeBytesAsync(context.Client, finished[0].InstanceId);
        return new()
        {
            ["ms_per_activity"] = wall.TotalMilliseconds / n,
            ["activities_per_s"] = n / wall.TotalSeconds,
            ["episodes"] = episodes.Count,
            ["first_episode_bytes"] = episodes[0],
            ["last_episode_bytes"] = episodes[^1],
            ["last_over_first"] = (double)episodes[^1] / episodes[0],
        };
    }

    public override string Summarize(IReadOnlyDictionary<string, double> m) => m.ContainsKey("first_episode_bytes")
        ? $"{m["ms_per_activity"]:N2} ms/activity; episode bytes first {m["first_episode_bytes"]:N0}, last {m["last_episode_bytes"]:N0} (x{m["last_over_first"]:N2})"
        : $"{m["ms_per_activity"]:N2} ms/activity";

    public override Target? TargetFor(string backend, Variant variant) => variant.N switch
    {
        100 => new("ms_per_activity", ByBackend(backend, 0.5, 5, 3), HigherIsBetter: false),
        1_000 => new("last_over_first", 2, HigherIsBetter: false),
        _ => null,
    };

    private static async Task<List<long>> EpisodeBytesAsync(WorkflowClient client, string instanceId)
    {
        var episodes = new List<long>();
        int? skip = 0;
        while (skip is { } from)
        {
            var page = await client.GetHistoryAsync(instanceId, from, 1000);
            using var events = JsonDocument.Parse(page.SerializedEvents);
            foreach (var e in events.RootElement.EnumerateArray())
            {
                if (episodes.Count == 0 || e.GetProperty("eventType").GetString() == "OrchestratorStarted")
                {
                    episodes.Add(0);
                }

                episodes[^1] += System.Text.Encoding.UTF8.GetByteCount(e.GetRawText());
            }

            skip = page.NextSkip;
        }

        return episodes;
    }
}
