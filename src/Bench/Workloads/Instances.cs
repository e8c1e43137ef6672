using System.Diagnostics;
using OrleansWorkflows.Runtime;

namespace OrleansWorkflows.Bench.Workloads;

/// <summary>Starts many instances at once (bounded client concurrency) and waits for each to complete.</summary>
internal static class Instances
{
    public const int ClientConcurrency = 256;

    /// <summary>Starts <paramref name="count"/> instances of <paramref name="name"/>; returns the wall time from the first start
    /// to the last observed completion, each instance's start→complete latency (ms) and the final statuses.</summary>
    public static async Task<(TimeSpan Wall, double[] LatencyMs, OrchestrationMetadata[] Finished)> RunAllAsync(
        BenchContext context, string name, object? input, int count, bool showProgress = true)
    {
        var prefix = BenchContext.NewPrefix(name.Replace('.', '-'));
        var latencies = new double[count];
        var finished = new OrchestrationMetadata[count];
        using var gate = new SemaphoreSlim(ClientConcurrency);
        if (showProgress)
        {
            context.Progress.Begin(context.Label, count);
        }

        var wall = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            var clock = Stopwatch.StartNew();
            await gate.WaitAsync();
            var id = $"{prefix}-{i}";
            try
            {
                await Precisely(context.Client.StartAsync(name, input, id), "starting", id, clock, context.Client.TransientRetryBudget);
            }
            finally
            {
                gate.Release();
            }

            finished[i] = await Precisely(context.Client.WaitForCompletionAsync(id), "waiting for the completion of", id, clock, context.Client.TransientRetryBudget);
            latencies[i] = clock.Elapsed.TotalMilliseconds;
            if (showProgress)
            {
                context.Progress.Add();
            }
        }));
        wall.Stop();
        EnsureCompleted(finished);
        return (wall.Elapsed, latencies, finished);
    }

    /// <summary>Runs <paramref name="call"/> for 0..count-1 as fast as the client can (at most
    /// <see cref="ClientConcurrency"/> in flight), counting each on the progress line.</summary>
    public static async Task ForEachConcurrentAsync(BenchContext context, int count, Func<int, Task> call)
    {
        using var gate = new SemaphoreSlim(ClientConcurrency);
        context.Progress.Begin(context.Label, count);
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                await call(i);
                context.Progress.Add();
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    /// <summary>
    /// <paramref name="call"/>'s result; its failure says which call on which instance failed, after how long (a
    /// <see cref="TimeoutException"/> is the client's: the call got no answer within its transient-retry budget).
    /// </summary>
    private static async Task<T> Precisely<T>(Task<T> call, string what, string instanceId, Stopwatch clock, TimeSpan budget)
    {
        try
        {
            return await call;
        }
        catch (Exception ex)
        {
            var why = ex is TimeoutException
                ? $" (the client's call got no answer within its retry budget of {budget.TotalSeconds:0} s: the silo or its store is saturated)"
                : string.Empty;
            throw new InvalidOperationException(
                $"{char.ToUpperInvariant(what[0])}{what[1..]} instance {instanceId} failed {clock.Elapsed.TotalSeconds:0.0} s after its start was queued: {ex.GetType().Name}: {ex.Message}{why}", ex);
        }
    }

    public static void EnsureCompleted(IEnumerable<OrchestrationMetadata> finished)
    {
        if (finished.FirstOrDefault(f => f.RuntimeStatus != OrchestrationRuntimeStatus.Completed) is { } bad)
        {
            throw new InvalidOperationException($"Instance {bad.InstanceId} ended {bad.RuntimeStatus}: {bad.SerializedOutput}");
        }
    }
}
