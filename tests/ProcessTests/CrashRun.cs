using System.Diagnostics;
using Xunit.Abstractions;

namespace OrleansWorkflows.ProcessTests;

/// <summary>The steps the crash tests share: load the cluster, check the kill came while signals were in flight, log.</summary>
internal static class CrashRun
{
    /// <summary>The kills come once this many signals (30 %) are acknowledged, while the others are in flight.</summary>
    public const int KillAfterSignals = ClusterWorkload.Signals * 3 / 10;

    /// <summary>
    /// Starts every instance while the signals go out in the background, and returns when a kill may come: every
    /// instance started and at least <see cref="KillAfterSignals"/> signals acknowledged, the others still being sent.
    /// </summary>
    /// <returns>When (on <paramref name="clock"/>) the last instance was started.</returns>
    public static async Task<TimeSpan> LoadAsync(
        ProcessCluster cluster, ClusterWorkload workload, BackgroundSignals signals, RetryingSender requests, Stopwatch clock, ITestOutputHelper output)
    {
        Log(output, clock, $"cluster up; sending {ClusterWorkload.Signals} signals in the background, {ClusterWorkload.SignalParallelism} at a time");
        await workload.StartAllAsync(requests);
        var allStarted = clock.Elapsed;
        Log(output, clock, $"{ClusterWorkload.Orchestrations} instances started; {signals.Sender.Accepted} signals acknowledged");
        await signals.WaitUntilAcknowledgedAsync(KillAfterSignals, TimeSpan.FromSeconds(90));
        Log(output, clock, $"{signals.Sender.Accepted} signals acknowledged; counters now {await workload.CountersAsync(cluster.Http)}");
        return allStarted;
    }

    /// <summary>The kill came while signals were still being sent (some not yet acknowledged).</summary>
    public static void AssertSignalsInFlight(int acknowledgedAtKill, BackgroundSignals signals) =>
        Assert.True(
            acknowledgedAtKill < ClusterWorkload.Signals,
            $"every signal was acknowledged before the kill ({acknowledgedAtKill}): the sending must span it; {signals.Sender.Summary}");

    /// <summary>Waits until every signal is acknowledged.</summary>
    public static async Task WaitUntilSignalledAsync(BackgroundSignals signals, Stopwatch clock, ITestOutputHelper output)
    {
        await signals.CompleteAsync();
        Log(output, clock, $"all {ClusterWorkload.Signals} signals acknowledged: {signals.Sender.Summary}");
    }

    /// <summary>Writes a line with the time on <paramref name="clock"/>.</summary>
    public static void Log(ITestOutputHelper output, Stopwatch clock, string message) => output.WriteLine($"{clock.Elapsed.TotalSeconds,6:0.0} s  {message}");
}
