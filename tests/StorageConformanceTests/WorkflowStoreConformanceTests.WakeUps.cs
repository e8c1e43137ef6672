using OrleansWorkflows.Storage;
using Xunit;

namespace OrleansWorkflows.StorageConformanceTests;

public abstract partial class WorkflowStoreConformanceTests
{
    [Fact]
    public async Task WakeUps_AreKeptWithTheCommit_AndFoundWhenDue_EarliestFirst()
    {
        await Store.CommitAsync(Start("late") with { Record = Record("late") with { WakeAt = T0.AddMinutes(5) } });
        await Store.CommitAsync(Start("early") with { Record = Record("early") with { WakeAt = T0.AddMinutes(1) } });
        await Store.CommitAsync(Start("idle"));

        Assert.Empty(await Store.FindDueWakeUpsAsync(T0, 10));
        Assert.Equal(["early"], await Store.FindDueWakeUpsAsync(T0.AddMinutes(1), 10));
        Assert.Equal(["early", "late"], await Store.FindDueWakeUpsAsync(T0.AddDays(1), 10));
        Assert.Equal(["early"], await Store.FindDueWakeUpsAsync(T0.AddDays(1), 1));
        Assert.Equal(T0.AddMinutes(1), (await Store.GetRecordAsync("early"))!.WakeAt);

        // The next commit replaces the wake-up (here: nothing outstanding any more).
        var early = await LoadExistingAsync("early");
        await Store.CommitAsync(Next(early) with { Record = early.Record with { WakeAt = null } });
        Assert.Equal(["late"], await Store.FindDueWakeUpsAsync(T0.AddDays(1), 10));
    }

    [Fact]
    public async Task WakeUps_InboxAppendMakesDueAtOnce_AndKeepsItDueUntilTheInboxIsConsumed()
    {
        await Store.CommitAsync(Start("a"));
        await Store.AppendInboxAsync("a", "m1", "sender", 1);
        Assert.Equal(InstanceRecord.DueAtOnce, (await Store.GetRecordAsync("a"))!.WakeAt);
        Assert.Equal(["a"], await Store.FindDueWakeUpsAsync(T0, 10));

        // A commit that leaves the entry unconsumed (it arrived while the episode ran) cannot clear the wake-up.
        var before = await LoadExistingAsync("a");
        await Store.CommitAsync(Next(before) with { Record = before.Record with { WakeAt = null } });
        Assert.Equal(InstanceRecord.DueAtOnce, (await Store.GetRecordAsync("a"))!.WakeAt);
        var again = await LoadExistingAsync("a");
        Assert.True(await Store.SetWakeUpAsync("a", again.Record.Version, null));
        Assert.Equal(InstanceRecord.DueAtOnce, (await Store.GetRecordAsync("a"))!.WakeAt);

        // Consuming it clears it.
        await Store.CommitAsync(Next(again) with { Record = again.Record with { WakeAt = null }, ConsumedInbox = [.. again.Inbox.Select(e => e.Id)] });
        Assert.Null((await Store.GetRecordAsync("a"))!.WakeAt);
        Assert.Empty(await Store.FindDueWakeUpsAsync(T0.AddYears(100), 10));
    }

    [Fact]
    public async Task SetWakeUp_OnlyAtTheExpectedVersion_WithoutChangingIt()
    {
        await Store.CommitAsync(Start("a") with { Record = Record("a") with { WakeAt = T0 } });
        var record = (await Store.GetRecordAsync("a"))!;

        Assert.False(await Store.SetWakeUpAsync("a", record.Version + 1, null));
        Assert.Equal(T0, (await Store.GetRecordAsync("a"))!.WakeAt);
        Assert.False(await Store.SetWakeUpAsync("missing", 1, null));
        Assert.Null(await Store.GetRecordAsync("missing"));

        Assert.True(await Store.SetWakeUpAsync("a", record.Version, T0.AddHours(1)));
        var moved = (await Store.GetRecordAsync("a"))!;
        Assert.Equal(T0.AddHours(1), moved.WakeAt);
        Assert.Equal(record.Version, moved.Version);
        Assert.Empty(await Store.FindDueWakeUpsAsync(T0.AddMinutes(59), 10));
    }
}
