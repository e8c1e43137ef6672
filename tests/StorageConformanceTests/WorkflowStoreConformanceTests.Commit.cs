using OrleansWorkflows.Storage;
using Xunit;

namespace OrleansWorkflows.StorageConformanceTests;

public abstract partial class WorkflowStoreConformanceTests
{
    [Fact]
    public async Task Load_UnknownInstance_ReturnsNothing()
    {
        Assert.Null(await Store.LoadAsync("missing"));
        Assert.Null(await Store.GetRecordAsync("missing"));
        Assert.Empty(await Store.ReadHistoryAsync("missing"));
    }

    [Fact]
    public async Task Commit_NewInstance_CreatesVersionOneWithHistory()
    {
        var version = await Store.CommitAsync(Start("a", "h1", "h2"));

        Assert.Equal(1, version);
        var snapshot = await LoadExistingAsync("a");
        Assert.Equal(1, snapshot.Record.Version);
        Assert.Equal(["h1", "h2"], snapshot.History);
        Assert.Empty(snapshot.Inbox);
        Assert.Empty(snapshot.Outbox);
        Assert.Equal(["h1", "h2"], await Store.ReadHistoryAsync("a"));
    }

    [Fact]
    public async Task Commit_RecordFields_RoundTripAndStoreSetsVersion()
    {
        var record = Record("a", OrchestrationRuntimeStatus.Completed) with
        {
            Input = """{"x":1}""",
            Output = "\"done\"",
            CustomStatus = """{"step":3}""",
            ParentInstanceId = "parent",
            CompletedAt = T0.AddMinutes(5),
            LastUpdatedAt = T0.AddMinutes(5),
            EngineState = """{"seq":7}""",
            Version = 99,
        };

        await Store.CommitAsync(new InstanceCommit { Record = record, ExpectedVersion = 0 });

        Assert.Equal(record with { Version = 1 }, await Store.GetRecordAsync("a"));
    }

    [Fact]
    public async Task Commit_NewInstanceWhenItExists_ThrowsAndChangesNothing()
    {
        var before = await CreateBusyInstanceAsync("a");

        await Assert.ThrowsAsync<ConcurrencyException>(() => Store.CommitAsync(Start("a", "other")));

        AssertSameState(before, await Store.LoadAsync("a"));
    }

    [Fact]
    public async Task Commit_StaleVersion_ThrowsAndChangesNothing()
    {
        var before = await CreateBusyInstanceAsync("a");
        await Store.CommitAsync(Next(before, "h3"));
        var current = await LoadExistingAsync("a");

        var stale = Next(before, "lost") with
        {
            Record = before.Record with { Status = OrchestrationRuntimeStatus.Failed },
            HistoryCountBefore = current.History.Count,
            ConsumedInbox = [.. current.Inbox.Select(e => e.Id)],
            AddInbox = ["carried"],
            AddOutbox = [new OutboxEntry(3, "peer-c", "o3")],
            RemoveOutbox = [1],
        };
        await Assert.ThrowsAsync<ConcurrencyException>(() => Store.CommitAsync(stale));

        AssertSameState(current, await Store.LoadAsync("a"));
    }

    [Fact]
    public async Task Commit_ExpectedVersionOfMissingInstance_ThrowsAndCreatesNothing()
    {
        var commit = Start("a", "h1") with { ExpectedVersion = 1, ReplaceHistory = false };

        await Assert.ThrowsAsync<ConcurrencyException>(() => Store.CommitAsync(commit));

        Assert.Null(await Store.LoadAsync("a"));
    }

    [Fact]
    public async Task Commit_HistoryCountMismatch_ThrowsAndChangesNothing()
    {
        var before = await CreateBusyInstanceAsync("a");

        var commit = Next(before, "h3") with { HistoryCountBefore = before.History.Count + 1 };
        await Assert.ThrowsAsync<ConcurrencyException>(() => Store.CommitAsync(commit));

        AssertSameState(before, await Store.LoadAsync("a"));
    }

    [Fact]
    public async Task Commit_SuccessiveEpisodes_AppendHistoryInOrderAndIncrementVersion()
    {
        await Store.CommitAsync(Start("a", "h1"));
        var second = await Store.CommitAsync(Next(await LoadExistingAsync("a"), "h2", "h3"));
        var third = await Store.CommitAsync(Next(await LoadExistingAsync("a"), "h4"));

        Assert.Equal((2, 3), (second, third));
        var snapshot = await LoadExistingAsync("a");
        Assert.Equal(3, snapshot.Record.Version);
        Assert.Equal(["h1", "h2", "h3", "h4"], snapshot.History);
    }

    [Fact]
    public async Task Commit_ReplaceHistory_StartsTheNewExecutionsHistory()
    {
        var before = await CreateBusyInstanceAsync("a");

        await Store.CommitAsync(Next(before, "n1", "n2") with
        {
            Record = before.Record with { ExecutionId = "exec-2" },
            ReplaceHistory = true,
            HistoryCountBefore = 0,
        });

        var snapshot = await LoadExistingAsync("a");
        Assert.Equal("exec-2", snapshot.Record.ExecutionId);
        Assert.Equal(["n1", "n2"], snapshot.History);
        Assert.Equal(2, snapshot.Record.Version);
    }

    [Fact]
    public async Task Commit_ConcurrentWritersOfOneVersion_ExactlyOneWins()
    {
        var before = await CreateBusyInstanceAsync("a");

        var attempts = Enumerable.Range(0, 8).Select(async i =>
        {
            try
            {
                await Store.CommitAsync(Next(before, $"writer-{i}"));
                return true;
            }
            catch (ConcurrencyException)
            {
                return false;
            }
        });
        var results = await Task.WhenAll(attempts);

        Assert.Single(results, won => won);
        var snapshot = await LoadExistingAsync("a");
        Assert.Equal(before.History.Count + 1, snapshot.History.Count);
        Assert.Equal(before.Record.Version + 1, snapshot.Record.Version);
    }

    [Fact]
    public async Task Load_Snapshot_IsNotChangedByLaterWrites()
    {
        var before = await CreateBusyInstanceAsync("a");
        var copy = before with { History = [.. before.History], Inbox = [.. before.Inbox], Outbox = [.. before.Outbox] };

        await Store.CommitAsync(Next(before, "h3") with { ConsumedInbox = [before.Inbox[0].Id], RemoveOutbox = [1] });
        await Store.AppendInboxAsync("a", "m3", null, 0);

        AssertSameState(copy, before);
    }
}
