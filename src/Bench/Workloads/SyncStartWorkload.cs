using System.Diagnostics;
using System.Net;
using System.Text;

namespace OrleansWorkflows.Bench.Workloads;

/// <summary>
/// syncstart: N starts of <c>Bench.Sequence</c> with 3 activities over HTTP through the gateway (a separate process,
/// an Orleans client of the silo, as in a cluster), each <c>POST orchestrators/Bench.Sequence/{id}?timeout=30</c>
/// waiting for the 200 with the output, <see cref="Variant.Width"/> requests in flight (64, as issue 12 asks; and one
/// at a time, which shows what the HTTP round trip and the wait add without queueing). Starts/s, HTTP latency
/// percentiles, and the workflow's own run time for comparison (created → completed, as the engine recorded it).
/// </summary>
internal sealed class SyncStartWorkload : Workload
{
    private const int Activities = 3;
    private static readonly TimeSpan GatewayStartTimeout = TimeSpan.FromSeconds(120);

    public override string Id => "syncstart";

    public override string? ThroughputMetric => "starts_per_s";

    public override IReadOnlyList<Variant> Variants(bool quick) => quick
        ? [new("N=200, 64 at once", 200, 50, Width: 64), new("N=20, 1 at a time", 20, 5, Width: 1)]
        : [new("N=2,000, 64 at once", 2_000, 500, Width: 64), new("N=200, 1 at a time", 200, 50, Width: 1)];

    public override async Task<Dictionary<string, double>> RunAsync(BenchContext context, Variant variant, int n)
    {
        var gateway = await context.Silo.GatewayAsync(GatewayStartTimeout);
        var prefix = BenchContext.NewPrefix("syncstart");
        var latencies = new double[n];
        var answeredAt = new DateTime[n];
        var next = -1;
        context.Progress.Begin(context.Label, n);
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, variant.Width).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < n; i = Interlocked.Increment(ref next))
            {
                (latencies[i], answeredAt[i]) = await StartAndWaitAsync(gateway.Http, $"{prefix}-{i}");
                context.Progress.Add();
            }
        }));
        wall.Stop();

        var finished = await FinishedAsync(context.Client, prefix, n, variant.Width);
        var runTimes = finished.Select(f => (f.LastUpdatedAt - f.CreatedAt).TotalMilliseconds).ToArray();
        var afterCompletion = finished.Select((f, i) => Math.Max(0, (answeredAt[i] - f.LastUpdatedAt).TotalMilliseconds)).ToArray();
        var p50 = Stats.Percentile(latencies, 50);
        var runP50 = Stats.Percentile(runTimes, 50);
        return new()
        {
            ["starts_per_s"] = n / wall.Elapsed.TotalSeconds,
            ["p50_ms"] = p50,
            ["p99_ms"] = Stats.Percentile(latencies, 99),
            ["run_p50_ms"] = runP50,
            ["run_p99_ms"] = Stats.Percentile(runTimes, 99),
            ["p50_over_run_ms"] = Math.Max(0, p50 - runP50),
            ["answered_after_completion_p50_ms"] = Stats.Percentile(afterCompletion, 50),
            ["answered_after_completion_p99_ms"] = Stats.Percentile(afterCompletion, 99),
        };
    }

    public override string Summarize(IReadOnlyDictionary<string, double> m) =>
        $"{m["starts_per_s"]:N0} starts/s, latency p50 {m["p50_ms"]:N1} ms, p99 {m["p99_ms"]:N1} ms; the workflow's own run p50 {m["run_p50_ms"]:N1} ms (+{m["p50_over_run_ms"]:N1} ms); answered {m.GetValueOrDefault("answered_after_completion_p50_ms"):N1} ms (p50) after the instance completed";

    /// <summary>"p50 within a few milliseconds of the workflow's own run time" (issue 12).</summary>
    public override Target? TargetFor(string backend, Variant variant) => new("p50_over_run_ms", 5, HigherIsBetter: false);

    /// <summary>One synchronous start; returns its latency in ms and when its answer arrived (UTC, the silo's clock on the same
    /// machine: compared with the instance's completion time it shows what the wait itself adds). Anything but a 200
    /// (finished in time) fails the run.</summary>
    private static async Task<(double Latency, DateTime AnsweredAt)> StartAndWaitAsync(HttpClient http, string instanceId)
    {
        var clock = Stopwatch.StartNew();
        using var body = new StringContent(Activities.ToString(System.Globalization.CultureInfo.InvariantCulture), Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(
            new Uri($"/runtime/webhooks/durabletask/orchestrators/Bench.Sequence/{instanceId}?timeout=30", UriKind.Relative), body);
        var latency = clock.Elapsed.TotalMilliseconds;
        var answeredAt = DateTime.UtcNow;
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"The start of {instanceId} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return (latency, answeredAt);
    }

    /// <summary>Each instance's final status (created → last update is its run time), checking that every one completed.</summary>
    private static async Task<OrchestrationMetadata[]> FinishedAsync(WorkflowClient client, string prefix, int n, int concurrency)
    {
        var finished = new OrchestrationMetadata[n];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, n),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(concurrency, 16) },
            async (i, cancellation) => finished[i] = await client.GetStatusAsync($"{prefix}-{i}", includeInputsAndOutputs: true, cancellationToken: cancellation)
                ?? throw new InvalidOperationException($"Instance {prefix}-{i} does not exist."));
        Instances.EnsureCompleted(finished);
        return finished;
    }
}
