using OrleansWorkflows.Storage;
using Xunit;

namespace OrleansWorkflows.StorageConformanceTests;

/// <summary>
/// Client requests: appended once per request id while the store remembers it, forgotten by pruning or purge (a purge
/// with a request id keeps that one).
/// </summary>
public abstract partial class WorkflowStoreConformanceTests
{
    private static readonly DateTime Received = new(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task AppendRequest_UnknownInstance_ReturnsNotFoundAndRemembersNothing()
    {
        Assert.Equal(new InboxAppend(InboxAppendResult.NotFound, 0), await Store.AppendRequestAsync("missing", "m", "r1", Received));

        Assert.False(await Store.HasRequestAsync("missing", "r1"));
        Assert.Null(await Store.LoadAsync("missing"));
    }

    [Fact]
    public async Task AppendRequest_AppendsAnUnsequencedEntry_MakesTheInstanceDue_KeepsTheVersion()
    {
        await Store.CommitAsync(Start("a", "h1"));

        var appended = await Store.AppendRequestAsync("a", "m1", "r1", Received);

        var snapshot = await LoadExistingAsync("a");
        Assert.Equal(InboxAppendResult.Appended, appended.Result);
        Assert.Equal([(appended.EntryId, "m1", (string?)null, 0L)], snapshot.Inbox.Select(e => (e.Id, e.MessageJson, e.Sender, e.Sequence)));
        Assert.Equal(1, snapshot.Record.Version);
        Assert.Equal(InstanceRecord.DueAtOnce, snapshot.Record.WakeAt);
        Assert.True(await Store.HasRequestAsync("a", "r1"));
        Assert.False(await Store.HasRequestAsync("a", "r2"));
    }

    [Fact]
    public async Task AppendRequest_SameRequestId_IsDuplicate_WhileQueuedAndAfterItWasApplied()
    {
        await Store.CommitAsync(Start("a", "h1"));
        await Store.AppendRequestAsync("a", "m1", "r1", Received);

        Assert.Equal(new InboxAppend(InboxAppendResult.Duplicate, 0), await Store.AppendRequestAsync("a", "m1 again", "r1", Received));
        var queued = await LoadExistingAsync("a");
        Assert.Equal(["m1"], queued.Inbox.Select(e => e.MessageJson));

        await Store.CommitAsync(Next(queued, "h2") with { ConsumedInbox = [queued.Inbox[0].Id] });
        for (var i = 0; i < 200; i++)
        {
            await Store.AppendRequestAsync("a", $"other {i}", $"other-{i}", Received);
        }

        Assert.Equal(InboxAppendResult.Duplicate, (await Store.AppendRequestAsync("a", "m1 much later", "r1", Received.AddMinutes(5))).Result);
        Assert.DoesNotContain((await LoadExistingAsync("a")).Inbox, e => e.MessageJson.StartsWith("m1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AppendRequest_RequestIdsArePerInstance_AndSeparateFromSenders()
    {
        await Store.CommitAsync(Start("a", "h1"));
        await Store.CommitAsync(Start("b", "h1"));
        await Store.AppendRequestAsync("a", "m1", "r1", Received);

        Assert.Equal(InboxAppendResult.Appended, (await Store.AppendRequestAsync("b", "m1", "r1", Received)).Result);
        Assert.Equal(InboxAppendResult.Appended, (await Store.AppendRequestAsync("a", "m2", "R1", Received)).Result);
        Assert.Equal(InboxAppendResult.Appended, (await Store.AppendInboxAsync("a", "m3", "r1", 1)).Result);
        Assert.Equal(InboxAppendResult.Appended, (await Store.AppendInboxAsync("a", "m4", null, 0)).Result);
    }

    [Fact]
    public async Task AppendRequest_ConcurrentRepeats_ExactlyOneAppended()
    {
        await Store.CommitAsync(Start("a", "h1"));

        var results = await Task.WhenAll(Enumerable.Range(0, 300).Select(i => Store.AppendRequestAsync("a", $"m{i % 100}", $"r{i % 100}", Received)));

        Assert.Equal(100, results.Count(r => r.Result == InboxAppendResult.Appended));
        Assert.Equal(200, results.Count(r => r.Result == InboxAppendResult.Duplicate));
        var inbox = (await LoadExistingAsync("a")).Inbox;
        Assert.Equal(100, inbox.Count);
        Assert.Equal(100, inbox.Select(e => e.MessageJson).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task PruneRequests_ForgetsOnlyIdsReceivedBeforeTheCutoff_InPages()
    {
        await Store.CommitAsync(Start("a", "h1"));
        await Store.CommitAsync(Start("b", "h1"));
        for (var i = 0; i < 5; i++)
        {
            await Store.AppendRequestAsync(i % 2 == 0 ? "a" : "b", "m", $"old-{i}", Received.AddSeconds(i));
        }

        await Store.AppendRequestAsync("a", "m", "new", Received.AddMinutes(10));

        Assert.Equal(3, await Store.PruneRequestsAsync(Received.AddMinutes(1), 3));
        Assert.Equal(2, await Store.PruneRequestsAsync(Received.AddMinutes(1), 3));
        Assert.Equal(0, await Store.PruneRequestsAsync(Received.AddMinutes(1), 3));
        Assert.False(await Store.HasRequestAsync("a", "old-0"));
        Assert.False(await Store.HasRequestAsync("b", "old-1"));
        Assert.True(await Store.HasRequestAsync("a", "new"));
        Assert.Equal(InboxAppendResult.Appended, (await Store.AppendRequestAsync("a", "m again", "old-0", Received.AddMinutes(11))).Result);
        Assert.Equal(InboxAppendResult.Duplicate, (await Store.AppendRequestAsync("a", "m again", "new", Received.AddMinutes(11))).Result);
    }

    [Fact]
    public async Task Purge_ForgetsTheInstancesRequestIds()
    {
        await Store.CommitAsync(Start("a", "h1"));
        await Store.CommitAsync(Start("b", "h1"));
        await Store.AppendRequestAsync("a", "m", "r1", Received);
        await Store.AppendRequestAsync("b", "m", "r1", Received);

        Assert.True(await Store.PurgeAsync("a", 1));

        Assert.False(await Store.HasRequestAsync("a", "r1"));
        Assert.True(await Store.HasRequestAsync("b", "r1"));
        await Store.CommitAsync(Start("a", "h1"));
        Assert.Equal(InboxAppendResult.Appended, (await Store.AppendRequestAsync("a", "m", "r1", Received)).Result);
    }

    [Fact]
    public async Task Purge_RacingRequestAppends_LeavesNothingOfTheInstance()
    {
        await Store.CommitAsync(Start("a", "h1"));

        var appends = Enumerable.Range(0, 200).Select(i => Store.AppendRequestAsync("a", $"m{i}", $"r{i}", Received)).ToList();
        var purged = await Store.PurgeAsync("a", 1);
        var results = await Task.WhenAll(appends);

        Assert.True(purged);
        Assert.Null(await Store.LoadAsync("a"));
        Assert.All(results, r => Assert.NotEqual(InboxAppendResult.Duplicate, r.Result));
        foreach (var i in Enumerable.Range(0, 200))
        {
            Assert.False(await Store.HasRequestAsync("a", $"r{i}"), $"request r{i} is remembered after the purge");
        }

        await Store.CommitAsync(Start("a", "h1"));
        var again = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Store.AppendRequestAsync("a", $"m{i}", $"r{i}", Received)));
        Assert.All(again, r => Assert.Equal(InboxAppendResult.Appended, r.Result));
        Assert.Equal(200, (await LoadExistingAsync("a")).Inbox.Count);
    }

    [Fact]
    public async Task PurgeWithARequestId_RemembersOnlyThatId_UntilPruned_AndTheIdCanBeUsedAgain()
    {
        await Store.CommitAsync(Start("a", "h1"));
        await Store.AppendRequestAsync("a", "m", "event-1", Received);

        Assert.False(await Store.PurgeAsync("a", 2, "purge-1", Received.AddMinutes(1)));
        Assert.False(await Store.HasRequestAsync("a", "purge-1"));
        Assert.False(await Store.PurgeAsync("missing", 1, "purge-1", Received.AddMinutes(1)));
        Assert.False(await Store.HasRequestAsync("missing", "purge-1"));

        Assert.True(await Store.PurgeAsync("a", 1, "purge-1", Received.AddMinutes(1)));

        Assert.Null(await Store.LoadAsync("a"));
        Assert.True(await Store.HasRequestAsync("a", "purge-1"));
        Assert.False(await Store.HasRequestAsync("a", "event-1"));
        Assert.False(await Store.HasRequestAsync("b", "purge-1"));
        Assert.Equal(new InboxAppend(InboxAppendResult.NotFound, 0), await Store.AppendRequestAsync("a", "m", "event-2", Received));

        // A new instance under the id: created, takes requests, and the purge's id is still remembered for its window.
        Assert.Equal(1, await Store.CommitAsync(Start("a", "h1")));
        Assert.Equal(InboxAppendResult.Appended, (await Store.AppendRequestAsync("a", "m", "event-1", Received.AddMinutes(2))).Result);
        Assert.True(await Store.HasRequestAsync("a", "purge-1"));
        Assert.Equal(1, await Store.PruneRequestsAsync(Received.AddMinutes(1).AddTicks(1), 10));
        Assert.False(await Store.HasRequestAsync("a", "purge-1"));
        Assert.True(await Store.HasRequestAsync("a", "event-1"));
    }

    [Fact]
    public async Task PurgeWithARequestId_OfAnInstanceNotCreatedAgain_IsPrunedByTheWindow()
    {
        await Store.CommitAsync(Start("a", "h1"));
        Assert.True(await Store.PurgeAsync("a", 1, "purge-1", Received));

        Assert.Equal(0, await Store.PruneRequestsAsync(Received, 10));
        Assert.True(await Store.HasRequestAsync("a", "purge-1"));
        Assert.Equal(1, await Store.PruneRequestsAsync(Received.AddSeconds(1), 10));
        Assert.False(await Store.HasRequestAsync("a", "purge-1"));

        await Store.CommitAsync(Start("a", "h1"));
        Assert.True(await Store.PurgeAsync("a", 1, "purge-1", Received.AddMinutes(1)));
        Assert.True(await Store.HasRequestAsync("a", "purge-1"));
    }
}
