using OrleansWorkflows.Storage;
using Xunit;

namespace OrleansWorkflows.StorageConformanceTests;

public abstract partial class WorkflowStoreConformanceTests
{
    [Fact]
    public async Task DueWakeUps_PagedWithACursor_ReturnEachDueInstanceOnce_InWakeThenIdOrder()
    {
        // Several instances share a wake-up (due at once after an append, or the same time): the id breaks the tie.
        var expected = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            var id = $"w-{i}";
            await Store.CommitAsync(Start(id) with { Record = Record(id) with { WakeAt = T0.AddMinutes(i / 3) } });
        }

        await Store.CommitAsync(Start("w-late") with { Record = Record("w-late") with { WakeAt = T0.AddDays(1) } });
        await Store.CommitAsync(Start("w-x"));
        await Store.AppendInboxAsync("w-x", "m", null, 0);
        expected.Add("w-x");
        expected.AddRange(Enumerable.Range(0, 7).Select(i => $"w-{i}"));

        var seen = new List<string>();
        DueWakeUp? cursor = null;
        var pages = 0;
        while (true)
        {
            var page = await Store.FindDueWakeUpsAsync(T0.AddHours(1), cursor, 3);
            seen.AddRange(page.Select(w => w.InstanceId));
            pages++;
            if (page.Count < 3)
            {
                break;
            }

            cursor = page[^1];
        }

        Assert.Equal(expected, seen);
        Assert.Equal(3, pages);
        Assert.Equal(InstanceRecord.DueAtOnce, (await Store.FindDueWakeUpsAsync(T0, null, 1))[0].WakeAt);
    }

    [Fact]
    public async Task WakeUps_InboxEntriesTheWriterKnowsOf_DoNotKeepItDue_NewerOnesDo()
    {
        await Store.CommitAsync(Start("held"));
        await Store.AppendInboxAsync("held", "buffered", "sender", 1);
        var held = await LoadExistingAsync("held");
        var known = held.Inbox.Max(e => e.Id);

        // The writer leaves the entry it knows of waiting by design (a suspended instance, a message behind a lock).
        await Store.CommitAsync(Next(held) with { Record = held.Record with { WakeAt = null }, InboxSeenUpTo = known });
        Assert.Null((await Store.GetRecordAsync("held"))!.WakeAt);
        var version = (await Store.GetRecordAsync("held"))!.Version;
        Assert.True(await Store.SetWakeUpAsync("held", version, T0.AddHours(1), known));
        Assert.Equal(T0.AddHours(1), (await Store.GetRecordAsync("held"))!.WakeAt);

        // A message it does not know of yet (appended meanwhile) keeps it due, whatever it asks.
        await Store.AppendInboxAsync("held", "new", "sender", 2);
        Assert.True(await Store.SetWakeUpAsync("held", version, null, known));
        Assert.Equal(InstanceRecord.DueAtOnce, (await Store.GetRecordAsync("held"))!.WakeAt);
        var again = await LoadExistingAsync("held");
        await Store.CommitAsync(Next(again) with { Record = again.Record with { WakeAt = null }, InboxSeenUpTo = known });
        Assert.Equal(InstanceRecord.DueAtOnce, (await Store.GetRecordAsync("held"))!.WakeAt);

        // Knowing of both, it may clear the wake-up.
        var both = await LoadExistingAsync("held");
        Assert.True(await Store.SetWakeUpAsync("held", both.Record.Version, null, both.Inbox.Max(e => e.Id)));
        Assert.Null((await Store.GetRecordAsync("held"))!.WakeAt);
        Assert.Equal(2, (await LoadExistingAsync("held")).Inbox.Count);
    }
}
