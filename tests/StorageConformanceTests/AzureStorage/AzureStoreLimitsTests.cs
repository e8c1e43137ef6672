using OrleansWorkflows.Storage;
using OrleansWorkflows.Storage.AzureStorage;
using OrleansWorkflows.TestSupport;
using Xunit;

namespace OrleansWorkflows.StorageConformanceTests.AzureStorage;

/// <summary>
/// The limits of Azure Tables that Azurite does not enforce, enforced by the store: long payloads go to blobs, an episode
/// is one transaction however many events it has, and any instance id is a key.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureStoreLimitsTests(AzuriteServer azurite) : IAsyncLifetime
{
    private static readonly DateTime T0 = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
    private AzureWorkflowStore? _store;

    private AzureWorkflowStore Store => _store ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync() => _store = await AzureTestStores.CreateAsync(azurite);

    public Task DisposeAsync() => _store is null ? Task.CompletedTask : AzureTestStores.DeleteAsync(_store);

    private static InstanceRecord Record(string id) => new()
    {
        InstanceId = id, Name = "Orchestration", ExecutionId = "e1", Status = OrchestrationRuntimeStatus.Running, CreatedAt = T0, LastUpdatedAt = T0,
    };

    [Fact]
    public async Task Commit_FiveMegabyteInput_IsKeptInABlob_AndReadBackEverywhere()
    {
        var input = "\"" + string.Concat(Enumerable.Range(0, 5_000_000 / 10).Select(i => $"{i % 100000:D5}é\"<>")) + "\"";
        var record = Record("big") with { Input = input, CustomStatus = new string('c', 40_000), EngineState = new string('s', 70_000) };

        Assert.Equal(1, await Store.CommitAsync(new InstanceCommit { Record = record, ExpectedVersion = 0, AppendHistory = ["h1"] }));
        var next = await Store.CommitAsync(new InstanceCommit
        {
            Record = record with { Output = new string('o', 50_000) }, ExpectedVersion = 1, HistoryCountBefore = 1, AppendHistory = ["h2"],
        });

        Assert.Equal(2, next);
        var stored = (await Store.GetRecordAsync("big"))!;
        Assert.Equal((input, record.CustomStatus, record.EngineState, new string('o', 50_000)), (stored.Input, stored.CustomStatus, stored.EngineState, stored.Output));
        Assert.Equal(input, (await Store.LoadAsync("big"))!.Record.Input);
        var queried = Assert.Single((await Store.QueryAsync(new InstanceQuery { InstanceIdPrefix = "big" })).Instances);
        Assert.Equal((input, record.CustomStatus, (string?)null), (queried.Input, queried.CustomStatus, queried.EngineState));
    }

    [Fact]
    public async Task Commit_EpisodeOf200Events_IsOneTransaction_InRowsOrInABlob()
    {
        await Store.CommitAsync(new InstanceCommit { Record = Record("many"), ExpectedVersion = 0, AppendHistory = ["h0"] });
        var small = Enumerable.Range(1, 200).Select(i => $"{{\"e\":{i}}}").ToList();
        var large = Enumerable.Range(201, 200).Select(i => $"{{\"e\":{i},\"p\":\"{new string('ü', 3_000)}\"}}").ToList();

        var before = Store.Transactions;
        await Store.CommitAsync(new InstanceCommit { Record = Record("many"), ExpectedVersion = 1, HistoryCountBefore = 1, AppendHistory = small });
        await Store.CommitAsync(new InstanceCommit { Record = Record("many"), ExpectedVersion = 2, HistoryCountBefore = 201, AppendHistory = large });

        Assert.Equal(2, Store.Transactions - before);
        Assert.Equal(["h0", .. small, .. large], await Store.ReadHistoryAsync("many"));
        Assert.Equal(large.Skip(10).Take(5), await Store.ReadHistoryAsync("many", skip: 211, take: 5));
    }

    [Fact]
    public async Task Commit_ManyInboxAndOutboxEntries_AreOneTransaction()
    {
        await Store.CommitAsync(new InstanceCommit { Record = Record("busy"), ExpectedVersion = 0 });
        var appended = await Task.WhenAll(Enumerable.Range(1, 300).Select(i => Store.AppendInboxAsync("busy", $"m{i}", "s", i)));
        var loaded = (await Store.LoadAsync("busy"))!;
        Assert.Equal(300, loaded.Inbox.Count);
        Assert.True(Store.Transactions < 150, $"300 appends to one instance took {Store.Transactions} transactions");

        var before = Store.Transactions;
        await Store.CommitAsync(new InstanceCommit
        {
            Record = loaded.Record,
            ExpectedVersion = loaded.Record.Version,
            ConsumedInbox = [.. loaded.Inbox.Select(e => e.Id)],
            AddInbox = [.. Enumerable.Range(0, 150).Select(i => $"carried-{i}")],
            AddOutbox = [.. Enumerable.Range(1, 500).Select(i => new OutboxEntry(i, $"child-{i}", new string('x', 200)))],
        });

        Assert.Equal(1, Store.Transactions - before);
        Assert.All(appended, a => Assert.Equal(InboxAppendResult.Appended, a.Result));
        var after = (await Store.LoadAsync("busy"))!;
        Assert.Equal(Enumerable.Range(0, 150).Select(i => $"carried-{i}"), after.Inbox.Select(e => e.MessageJson));
        Assert.Equal(500, after.Outbox.Count);
        await Store.RemoveOutboxAsync("busy", [.. Enumerable.Range(1, 499).Select(i => (long)i)]);
        Assert.Equal([500L], (await Store.LoadAsync("busy"))!.Outbox.Select(e => e.Id));
    }

    public static TheoryData<string> Ids() =>
    [
        " !\"$%&'()*+,-.:;<=>@[]^_`{|}~ab",
        "!41!2F!H%41",
        "order-1",
        "@counter@a/b\\c#d?e%f\u0001g\u007fh\u0085i",
        "@" + new string('n', 256) + "@" + new string('/', 256),
        "\U0001F600 emoji",
    ];

    [Theory]
    [MemberData(nameof(Ids))]
    public async Task AnyId_IsAKey_ForEveryOperation(string id)
    {
        Assert.Equal(1, await Store.CommitAsync(new InstanceCommit
        {
            Record = Record(id) with { WakeAt = T0 }, ExpectedVersion = 0, AppendHistory = ["h1"], AddOutbox = [new OutboxEntry(1, id, "o")],
        }));
        Assert.Equal(InboxAppendResult.Appended, (await Store.AppendInboxAsync(id, "m", id, 1)).Result);
        Assert.Equal(InboxAppendResult.Duplicate, (await Store.AppendInboxAsync(id, "m", id, 1)).Result);
        Assert.Equal(InboxAppendResult.Appended, (await Store.AppendRequestAsync(id, "r", id, T0)).Result);
        Assert.True(await Store.HasRequestAsync(id, id));

        var loaded = (await Store.LoadAsync(id))!;
        Assert.Equal((id, 1L), (loaded.Record.InstanceId, loaded.Record.Version));
        Assert.Equal(["h1"], loaded.History);
        Assert.Equal([id], loaded.Outbox.Select(o => o.Receiver));
        Assert.Contains(id, await Store.FindDueWakeUpsAsync(T0, 10));
        Assert.Equal([id], (await Store.QueryAsync(new InstanceQuery { InstanceIdPrefix = id })).Instances.Select(r => r.InstanceId));
        Assert.True(await Store.PurgeAsync(id, 1));
        Assert.Null(await Store.LoadAsync(id));
        Assert.Empty((await Store.QueryAsync(new InstanceQuery { InstanceIdPrefix = id })).Instances);
    }

    [Fact]
    public void Keys_OfIdsAzureRefuses_AreEscaped_AndLongOnesHashed()
    {
        Assert.Equal("a!002Fb!0023!003F!005C!0025!0021", AzureKeys.Partition("a/b#?\\%!"));
        Assert.Equal("!0001!007F!0085!D83D!DE00", AzureKeys.Partition("\u0001\u007f\u0085\U0001F600"));
        Assert.Equal("plain id-1", AzureKeys.Partition("plain id-1"));
        var longKey = AzureKeys.Partition(new string('/', 200));
        Assert.StartsWith("!H", longKey, StringComparison.Ordinal);
        Assert.Equal(66, longKey.Length);
        Assert.NotEqual(longKey, AzureKeys.Partition(new string('/', 201)));
        Assert.StartsWith("!H", AzureKeys.Partition(new string('\u00e9', 401)), StringComparison.Ordinal);
        Assert.Equal(new string('\u00e9', 400), AzureKeys.Partition(new string('\u00e9', 400)));
    }
}
