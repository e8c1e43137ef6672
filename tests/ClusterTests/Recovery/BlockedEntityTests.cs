using System.Diagnostics;
using OrleansWorkflows.ClusterTests.Fixture;
using Xunit;
using Xunit.Abstractions;

namespace OrleansWorkflows.ClusterTests.Recovery;

/// <summary>
/// An entity whose lock is held keeps other senders' messages queued; a new message costs it constant work, not a
/// re-read of everything already queued (which made a long lock quadratic in the queue length).
/// </summary>
[Collection(FaultyStoreCollection.Name)]
public sealed class BlockedEntityTests(FaultyStoreFixture fixture, ITestOutputHelper output)
{
    private const int Signals = 3000;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task SignalsQueuedBehindALock_CostNoMoreThanSignalsToAFreeEntity_AndAllApplyOnRelease()
    {
        var key = $"blocked-{Guid.NewGuid():N}";
        var holder = $"{key}-holder";
        var locked = new EntityId("Counter", key);
        var free = new EntityId("Counter", $"{key}-free");

        // Baseline: the same signals to an entity nobody locks (each one applied and committed).
        var baseline = await SignalAsync(free);
        await WaitForCountAsync(free, Signals);

        // The counter exists (state 1) before it is locked, so its metadata shows the lock.
        await fixture.Workflows.SignalEntityAsync(locked, "add", 1);
        await Eventually.UntilAsync(async () => await fixture.Workflows.GetEntityAsync(locked) is not null, Timeout, "the counter exists");
        await fixture.Workflows.StartAsync("LockCounterUntilReleased", key, holder);
        await Eventually.UntilAsync(
            async () => (await fixture.Workflows.GetEntityAsync(locked))?.LockedBy == holder,
            Timeout,
            "the orchestration holds the counter's lock");

        var queued = await SignalAsync(locked);
        output.WriteLine($"{Signals} signals: to a free entity {baseline.TotalMilliseconds:0} ms, queued behind a lock {queued.TotalMilliseconds:0} ms");
        Assert.Equal(Signals, (await fixture.Workflows.GetEntityAsync(locked))!.BacklogQueueSize);

        // Waiting for the lock holder is waiting by design: the sweep clears its wake-up (the unlock message wakes it).
        await Eventually.UntilAsync(
            async () => (await fixture.Inner.GetRecordAsync(locked.ToString()))!.WakeAt is null,
            Timeout,
            "the blocked entity is not due");

        await fixture.Workflows.RaiseEventAsync(holder, "release", "go");
        await WaitForCountAsync(locked, Signals + 1);

        // Linear: about the baseline. Re-reading the queue per message grows with its square (several times the baseline).
        Assert.True(queued < (baseline * 2) + TimeSpan.FromSeconds(1), $"queued behind a lock {queued.TotalMilliseconds:0} ms, free {baseline.TotalMilliseconds:0} ms");
    }

    private async Task<TimeSpan> SignalAsync(EntityId entity)
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Signals; i++)
        {
            await fixture.Workflows.SignalEntityAsync(entity, "add", 1);
        }

        return clock.Elapsed;
    }

    private async Task WaitForCountAsync(EntityId entity, int count) =>
        await Eventually.UntilAsync(
            async () => (await fixture.Workflows.GetEntityStateAsync<int>(entity)) == count,
            Timeout,
            $"{entity} counted to {count}");
}
