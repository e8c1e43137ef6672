using OrleansWorkflows.Storage;
using Xunit;

namespace OrleansWorkflows.StorageConformanceTests;

public abstract partial class WorkflowStoreConformanceTests
{
    [Fact]
    public async Task AppendInbox_UnknownInstance_ReturnsNotFoundAndCreatesNothing()
    {
        Assert.Equal(new InboxAppend(InboxAppendResult.NotFound, 0), await Store.AppendInboxAsync("missing", "m", "sender", 1));

        Assert.Null(await Store.LoadAsync("missing"));
    }

    [Fact]
    public async Task AppendInbox_Messages_KeepArrivalOrderWithIncreasingIds()
    {
        await Store.CommitAsync(Start("a", "h1"));

        var appends = new[]
        {
            await Store.AppendInboxAsync("a", "m1", "s", 2),
            await Store.AppendInboxAsync("a", "m2", null, 0),
            await Store.AppendInboxAsync("a", "m3", "s", 1),
        };

        var inbox = (await LoadExistingAsync("a")).Inbox;
        Assert.All(appends, a => Assert.Equal(InboxAppendResult.Appended, a.Result));
        Assert.Equal(inbox.Select(e => e.Id), appends.Select(a => a.EntryId));
        Assert.Equal(["m1", "m2", "m3"], inbox.Select(e => e.MessageJson));
        Assert.Equal([("s", 2L), (null, 0L), ("s", 1L)], inbox.Select(e => (e.Sender, e.Sequence)));
        Assert.True(inbox[0].Id < inbox[1].Id && inbox[1].Id < inbox[2].Id);
    }

    [Fact]
    public async Task AppendInbox_SameSenderAndSequence_IsDuplicateAndWritesNothing()
    {
        await Store.CommitAsync(Start("a", "h1"));
        await Store.AppendInboxAsync("a", "m1", "s", 1);

        Assert.Equal(new InboxAppend(InboxAppendResult.Duplicate, 0), await Store.AppendInboxAsync("a", "m1 again", "s", 1));

        Assert.Equal(["m1"], (await LoadExistingAsync("a")).Inbox.Select(e => e.MessageJson));
    }

    [Fact]
    public async Task AppendInbox_OtherSenderSequenceOrInstance_IsNotDuplicate()
    {
        await Store.CommitAsync(Start("a", "h1"));
        await Store.CommitAsync(Start("b", "h1"));
        await Store.AppendInboxAsync("a", "m1", "s", 1);

        Assert.Equal(InboxAppendResult.Appended, (await Store.AppendInboxAsync("a", "m2", "s", 2)).Result);
        Assert.Equal(InboxAppendResult.Appended, (await Store.AppendInboxAsync("a", "m3", "t", 1)).Result);
        Assert.Equal(InboxAppendResult.Appended, (await Store.AppendInboxAsync("b", "m1", "s", 1)).Result);
    }

    [Fact]
    public async Task AppendInbox_UnsequencedMessages_AreNeverDuplicates()
    {
        await Store.CommitAsync(Start("a", "h1"));

        await Store.AppendInboxAsync("a", "same", null, 0);
        Assert.Equal(InboxAppendResult.Appended, (await Store.AppendInboxAsync("a", "same", null, 0)).Result);

        Assert.Equal(2, (await LoadExistingAsync("a")).Inbox.Count);
    }

    [Fact]
    public async Task AppendInbox_DoesNotChangeTheVersion()
    {
        await Store.CommitAsync(Start("a", "h1"));

        await Store.AppendInboxAsync("a", "m1", "s", 1);

        var snapshot = await LoadExistingAsync("a");
        Assert.Equal(1, snapshot.Record.Version);
        Assert.Equal(2, await Store.CommitAsync(Next(snapshot, "h2")));
    }

    [Fact]
    public async Task Commit_ConsumedInbox_RemovesOnlyThoseEntries()
    {
        var before = await CreateBusyInstanceAsync("a");
        await Store.AppendInboxAsync("a", "m3", "sender", 2);

        await Store.CommitAsync(Next(before, "h3") with { ConsumedInbox = [before.Inbox[0].Id] });

        Assert.Equal(["m2", "m3"], (await LoadExistingAsync("a")).Inbox.Select(e => e.MessageJson));
    }

    [Fact]
    public async Task Commit_AddInbox_AppendsUnsequencedEntriesAfterTheOthers()
    {
        var before = await CreateBusyInstanceAsync("a");

        await Store.CommitAsync(Next(before) with
        {
            Record = before.Record with { ExecutionId = "exec-2" },
            ReplaceHistory = true,
            ConsumedInbox = [.. before.Inbox.Select(e => e.Id)],
            AddInbox = ["carried-1", "carried-2"],
        });

        var inbox = (await LoadExistingAsync("a")).Inbox;
        Assert.Equal(["carried-1", "carried-2"], inbox.Select(e => e.MessageJson));
        Assert.All(inbox, e => Assert.Null(e.Sender));
        Assert.True(inbox[0].Id > before.Inbox[^1].Id && inbox[1].Id > inbox[0].Id);
    }
}
