using OrleansWorkflows.Storage;
using Xunit;

namespace OrleansWorkflows.StorageConformanceTests;

public abstract partial class WorkflowStoreConformanceTests
{
    [Fact]
    public async Task Commit_ConcurrentEpisodesOfManyInstances_OneConflictFailsOnlyThatEpisode()
    {
        var ids = Enumerable.Range(0, 20).Select(i => $"i-{i:D2}").ToList();
        await Task.WhenAll(ids.Select(id => Store.CommitAsync(Start(id, "h1"))));
        var snapshots = await Task.WhenAll(ids.Select(LoadExistingAsync));

        // Two writers of i-00 read version 1; the other instances have one writer each. All are in flight at once.
        var loser = Next(snapshots[0], "lost");
        var commits = snapshots.Select(s => InFlight(Next(s, "h2"))).Append(InFlight(loser)).ToList();
        var outcomes = await Task.WhenAll(commits.Select(async c =>
        {
            try
            {
                return await c;
            }
            catch (ConcurrencyException)
            {
                return -1;
            }
        }));

        Assert.Equal(1, outcomes.Count(o => o == -1));
        Assert.Equal(20, outcomes.Count(o => o == 2));
        Assert.True(outcomes[0] == -1 ^ outcomes[^1] == -1, "exactly one of the two writers of i-00 fails");
        foreach (var id in ids.Skip(1))
        {
            Assert.Equal(["h1", "h2"], await Store.ReadHistoryAsync(id));
        }

        Assert.Equal(outcomes[0] == 2 ? ["h1", "h2"] : ["h1", "lost"], await Store.ReadHistoryAsync(ids[0]));
        Assert.Equal(2, (await LoadExistingAsync(ids[0])).Record.Version);
    }

    [Fact]
    public async Task Commit_ConcurrentCreatesOfOneInstance_OneWinsOthersCommit()
    {
        var creates = new[] { Start("a", "first"), Start("b", "b1"), Start("a", "second"), Start("c", "c1") }.Select(InFlight).ToList();

        var failures = 0;
        foreach (var create in creates)
        {
            try
            {
                Assert.Equal(1, await create);
            }
            catch (ConcurrencyException)
            {
                failures++;
            }
        }

        Assert.Equal(1, failures);
        Assert.Single(await Store.ReadHistoryAsync("a"));
        Assert.Equal(["b1"], await Store.ReadHistoryAsync("b"));
        Assert.Equal(["c1"], await Store.ReadHistoryAsync("c"));
    }

    [Fact]
    public async Task AppendInbox_ConcurrentMessagesToManyInstances_EachStoredOnceWithItsId()
    {
        var ids = new[] { "a", "b", "c" };
        await Task.WhenAll(ids.Select(id => Store.CommitAsync(Start(id, "h1"))));

        // 3 instances x 2 senders x 50 sequences, each sent twice (a retry), plus unsequenced ones and a missing receiver.
        var sends = (from id in ids
                     from sender in new[] { "s1", "s2" }
                     from seq in Enumerable.Range(1, 50)
                     from copy in new[] { 1, 2 }
                     select (Id: id, Message: $"{id}/{sender}/{seq}", Sender: (string?)sender, Sequence: (long)seq))
            .Concat(ids.Select(id => (Id: id, Message: $"{id}/plain", Sender: (string?)null, Sequence: 0L)))
            .Append((Id: "missing", Message: "lost", Sender: "s1", Sequence: 1L))
            .ToList();
        var results = await Task.WhenAll(sends.Select(s => Store.AppendInboxAsync(s.Id, s.Message, s.Sender, s.Sequence)));

        Assert.Equal(InboxAppendResult.NotFound, results[^1].Result);
        Assert.Equal(300 + 3, results.Count(r => r.Result == InboxAppendResult.Appended));
        Assert.Equal(300, results.Count(r => r.Result == InboxAppendResult.Duplicate));
        foreach (var id in ids)
        {
            var inbox = (await LoadExistingAsync(id)).Inbox;
            var appended = sends.Zip(results).Where(p => p.First.Id == id && p.Second.Result == InboxAppendResult.Appended).ToList();
            Assert.Equal(101, inbox.Count);
            Assert.Equal(inbox.Count, inbox.Select(e => e.Id).Distinct().Count());
            Assert.Equal(
                appended.Select(p => (p.Second.EntryId, p.First.Message)).OrderBy(p => p.EntryId),
                inbox.Select(e => (e.Id, e.MessageJson)));
            Assert.Equal(1, (await LoadExistingAsync(id)).Record.Version);
        }
    }

    [Fact]
    public async Task AppendInbox_ConcurrentWithCommitsThatConsume_NoMessageLostOrConsumedTwice()
    {
        await Store.CommitAsync(Start("a", "h0"));
        var consumed = new List<string>();
        var appends = Enumerable.Range(1, 100).Select(i => Store.AppendInboxAsync("a", $"m{i}", "s", i)).ToList();

        // An episode loop that keeps consuming whatever has arrived, committing while the appends are in flight.
        for (var episode = 1; consumed.Count < 100; episode++)
        {
            var before = await LoadExistingAsync("a");
            await Store.CommitAsync(Next(before, $"h{episode}") with { ConsumedInbox = [.. before.Inbox.Select(e => e.Id)] });
            consumed.AddRange(before.Inbox.Select(e => e.MessageJson));
            Assert.True(episode < 1000, "the appends never all arrived");
        }

        Assert.All(await Task.WhenAll(appends), r => Assert.Equal(InboxAppendResult.Appended, r.Result));
        Assert.Equal(Enumerable.Range(1, 100).Select(i => $"m{i}").Order(), consumed.Order());
        Assert.Empty((await LoadExistingAsync("a")).Inbox);
    }

    /// <summary>Starts a commit without waiting for it; a store that throws synchronously gives a faulted task.</summary>
    private async Task<long> InFlight(InstanceCommit commit) => await Store.CommitAsync(commit);
}
