using OrleansWorkflows.Storage;
using Xunit;

namespace OrleansWorkflows.StorageConformanceTests;

public abstract partial class WorkflowStoreConformanceTests
{
    [Fact]
    public async Task Load_BusyInstance_ReturnsRecordHistoryInboxAndOutbox()
    {
        await CreateBusyInstanceAsync("a");

        var snapshot = await LoadExistingAsync("a");

        Assert.Equal("a", snapshot.Record.InstanceId);
        Assert.Equal(["h1", "h2"], snapshot.History);
        Assert.Equal(["m1", "m2"], snapshot.Inbox.Select(e => e.MessageJson));
        Assert.Equal([new OutboxEntry(1, "peer-a", "o1"), new OutboxEntry(2, "peer-b", "o2")], snapshot.Outbox);
    }

    [Fact]
    public async Task Commit_AddOutbox_LoadReturnsEntriesInIdOrder()
    {
        var before = await CreateBusyInstanceAsync("a");

        await Store.CommitAsync(Next(before, "h3") with
        {
            AddOutbox = [new OutboxEntry(4, "peer-d", "o4"), new OutboxEntry(3, "peer-c", "o3")],
        });

        Assert.Equal([1L, 2L, 3L, 4L], (await LoadExistingAsync("a")).Outbox.Select(e => e.Id));
    }

    [Fact]
    public async Task RemoveOutbox_DeliveredEntries_RemovedWithoutChangingTheVersion()
    {
        await CreateBusyInstanceAsync("a");

        await Store.RemoveOutboxAsync("a", [1]);

        var snapshot = await LoadExistingAsync("a");
        Assert.Equal([new OutboxEntry(2, "peer-b", "o2")], snapshot.Outbox);
        Assert.Equal(1, snapshot.Record.Version);
    }

    [Fact]
    public async Task RemoveOutbox_UnknownIdsOrInstance_ChangesNothing()
    {
        var before = await CreateBusyInstanceAsync("a");

        await Store.RemoveOutboxAsync("a", [42]);
        await Store.RemoveOutboxAsync("missing", [1]);

        AssertSameState(before, await Store.LoadAsync("a"));
        Assert.Null(await Store.LoadAsync("missing"));
    }

    [Fact]
    public async Task Commit_RemoveOutbox_RemovesDeliveredEntriesWithTheEpisode()
    {
        var before = await CreateBusyInstanceAsync("a");

        await Store.CommitAsync(Next(before, "h3") with
        {
            RemoveOutbox = [2],
            AddOutbox = [new OutboxEntry(3, "peer-c", "o3")],
        });

        Assert.Equal([1L, 3L], (await LoadExistingAsync("a")).Outbox.Select(e => e.Id));
    }
}
