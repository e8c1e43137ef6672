using System.Diagnostics;
using Microsoft.DurableTask.Client;
using SdkStart = Microsoft.DurableTask.StartOrchestrationOptions;
using SdkStatus = Microsoft.DurableTask.Client.OrchestrationRuntimeStatus;

namespace OrleansWorkflows.Bench.Workloads;

/// <summary>
/// <see cref="Instances.RunAllAsync"/> through the Durable Task SDK: starts many instances of the SDK app's
/// <c>BenchSdk.Sequence</c> at once (the same bounded client concurrency) with a <see cref="DurableTaskClient"/> and
/// waits for each to complete.
/// </summary>
internal static class SdkInstances
{
    /// <summary>The SDK app's orchestration (<c>src/Bench.Sdk</c>: <c>BenchTasks.Sequence</c>): n activity calls in sequence.</summary>
    public const string Sequence = "BenchSdk.Sequence";

    /// <summary>Starts <paramref name="count"/> instances of <see cref="Sequence"/> with input <paramref name="activities"/>;
    /// returns the wall time from the first start to the last completion and each instance's start→complete latency (ms).</summary>
    public static async Task<(TimeSpan Wall, double[] LatencyMs)> RunAllAsync(BenchContext context, SdkTarget sdk, int activities, int count)
    {
        var prefix = BenchContext.NewPrefix("sdk-sequence");
        var latencies = new double[count];
        var failed = new string?[count];
        using var gate = new SemaphoreSlim(Instances.ClientConcurrency);
        context.Progress.Begin(context.Label, count);
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            var clock = Stopwatch.StartNew();
            var id = $"{prefix}-{i}";
            await gate.WaitAsync();
            try
            {
                await sdk.Client.ScheduleNewOrchestrationInstanceAsync(Sequence, activities, new SdkStart(id));
            }
            finally
            {
                gate.Release();
            }

            var done = await sdk.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true);
            latencies[i] = clock.Elapsed.TotalMilliseconds;
            failed[i] = done.RuntimeStatus == SdkStatus.Completed ? null : $"{id} ended {done.RuntimeStatus}: {done.FailureDetails?.ErrorMessage}";
            context.Progress.Add();
        }));
        wall.Stop();
        if (failed.FirstOrDefault(f => f is not null) is { } bad)
        {
            throw new InvalidOperationException($"Instance {bad}");
        }

        return (wall.Elapsed, latencies);
    }
}
