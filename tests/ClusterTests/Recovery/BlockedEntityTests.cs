using OrleansWorkflows.ClusterTests.Fixture;
using Xunit;
using Xunit.Abstractions;

namespace OrleansWorkflows.ClusterTests.Recovery;

/// <summary>
/// An entity whose lock is held keeps other senders' messages queued; a new message costs it constant work, not a
/// re-read of everything already queued (which made a long lock quadratic in the queue length). The work is counted
/// (inbox entries the entity reads), not timed.
/// </summary>
[Collection(FaultyStoreCollection.Name)]
public sealed class BlockedEntityTests(FaultyStoreFixture fixture, ITestOutputHelper output)
{
    private const int Signals = 1000;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task SignalsQueuedBehindALock_AreReadAFewTimesEach_NotOncePerLaterSignal_AndAllApplyOnRelease()
    {
        var key = $"blocked-{Guid.NewGuid():N}";
        var holder = $"{key}-holder";
        var locked = new EntityId("Counter", key);

        // The counter exists (state 1) before it is locked, so its metadata shows the lock.
        await fixture.Workflows.SignalEntityAsync(locked, "add", 1);
        await Eventually.UntilAsync(async () => await fixture.Workflows.GetEntityAsync(locked) is not null, Timeout, "the counter exists");
        await fixture.Workflows.StartAsync("LockCounterUntilReleased", key, holder);
        await Eventually.UntilAsync(
            async () => (await fixture.Workflows.GetEntityAsync(locked))?.LockedBy == holder,
            Timeout,
            "the orchestration holds the counter's lock");

        var before = fixture.Counters.InboxEntriesRead(locked.ToString());
        for (var i = 0; i < Signals; i++)
        {
            await fixture.Workflows.SignalEntityAsync(locked, "add", 1);
        }

        Assert.Equal(Signals, (await fixture.Workflows.GetEntityAsync(locked))!.BacklogQueueSize);

        // Linear: each queued signal is read about once while blocked. Re-reading the queue per new signal reads about
        // Signals^2 / 2 entries. (The count only grows, so a batch still running cannot make this pass early.)
        var whileBlocked = fixture.Counters.InboxEntriesRead(locked.ToString()) - before;
        Assert.True(whileBlocked <= 2L * Signals, $"{whileBlocked} inbox entries read while {Signals} signals queued behind the lock");

        // Waiting for the lock holder is waiting by design: the sweep clears its wake-up (the unlock message wakes it).
        await Eventually.UntilAsync(
            async () => (await fixture.Inner.GetRecordAsync(locked.ToString()))!.WakeAt is null,
            Timeout,
            "the blocked entity is not due");

        await fixture.Workflows.RaiseEventAsync(holder, "release", "go");
        await Eventually.UntilAsync(
            async () => (await fixture.Workflows.GetEntityStateAsync<int>(locked)) == Signals + 1,
            Timeout,
            $"{locked} counted to {Signals + 1}");
        var total = fixture.Counters.InboxEntriesRead(locked.ToString()) - before;
        output.WriteLine($"{Signals} signals behind a lock: {whileBlocked} inbox entries read while blocked, {total} in all");

        // And once more when applied.
        Assert.True(total <= 4L * Signals, $"{total} inbox entries read for {Signals} signals queued behind the lock and applied");
    }
}
