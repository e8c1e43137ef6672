using OrleansWorkflows.ClusterTests.Fixture;
using OrleansWorkflows.Engine;
using Xunit;
using Xunit.Abstractions;

namespace OrleansWorkflows.ClusterTests.Recovery;

/// <summary>
/// The recovery sweep pages through due wake-ups with a cursor, and instances that wait by design (suspended with
/// buffered messages) do not stay due: more than a page of them neither hides a crashed instance nor costs a poke and
/// a write per sweep.
/// </summary>
[Collection(FaultyStoreCollection.Name)]
public sealed class WakeSweepTests(FaultyStoreFixture fixture, ITestOutputHelper output)
{
    private const int Suspended = 1100;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task MoreThanAPageOfSuspendedInstancesWithBufferedEvents_DoNotHideACrashedInstance_NorCostWritesPerSweep()
    {
        var prefix = $"sweep-{Guid.NewGuid():N}";
        var ids = Enumerable.Range(0, Suspended).Select(i => $"{prefix}-s{i:D4}").ToList();
        using (var gate = new SemaphoreSlim(16))
        {
            await Task.WhenAll(ids.Select(async id =>
            {
                await gate.WaitAsync();
                try
                {
                    await fixture.Workflows.StartAsync("WaitForLowercaseGo", null, id);
                    await fixture.Workflows.SuspendAsync(id, "hold");
                    await fixture.Workflows.RaiseEventAsync(id, "go", "buffered");
                }
                finally
                {
                    gate.Release();
                }
            }));
        }

        // Committed, then "crashed" before dispatching its activities: only the sweep can resume it.
        var crashed = $"{prefix}-crashed";
        var crashes = 0;
        fixture.Faults.CrashAfterCommit = instance => instance == crashed && Interlocked.Increment(ref crashes) == 1;
        try
        {
            await fixture.Workflows.StartAsync("HelloSequence", null, crashed);
            await Eventually.UntilAsync(
                async () => (await fixture.Inner.GetRecordAsync(crashed))?.Status == OrchestrationRuntimeStatus.Completed,
                Timeout,
                "the crashed instance completed through the sweep");
        }
        finally
        {
            fixture.Faults.CrashAfterCommit = null;
        }

        Assert.True(crashes >= 1, "the crash hook was asked (the first commit crashed)");

        // Settled: the suspended instances are not due; further sweeps poke nothing and write nothing.
        var sweep = fixture.Client.GetGrain<IWakeSweepGrain>(0);
        await Eventually.UntilAsync(async () => await sweep.SweepAsync() == 0, Timeout, "a sweep finds nothing due");
        var writes = ids.Sum(fixture.Store.Writes);
        var scans = fixture.Store.DueScans;
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(0, await sweep.SweepAsync());
        }

        await Eventually.UntilAsync(() => Task.FromResult(fixture.Store.DueScans >= scans + 5), Timeout, "the sweep's own timer ran twice more");
        output.WriteLine($"writes to the {Suspended} suspended instances: {writes} in all");
        Assert.Equal(writes, ids.Sum(fixture.Store.Writes));

        // Still suspended with the event buffered; resumed, each applies it.
        var sample = ids[^1];
        Assert.Equal(OrchestrationRuntimeStatus.Suspended, (await fixture.Inner.GetRecordAsync(sample))!.Status);
        Assert.Single((await fixture.Inner.LoadAsync(sample))!.Inbox);
        await fixture.Workflows.ResumeAsync(sample, "go on");
        using var wait = new CancellationTokenSource(Timeout);
        var done = await fixture.Workflows.WaitForCompletionAsync(sample, wait.Token);
        Assert.Equal("buffered", done.ReadOutputAs<string>());
    }
}
