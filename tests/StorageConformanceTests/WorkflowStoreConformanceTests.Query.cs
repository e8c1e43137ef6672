using OrleansWorkflows.Storage;
using Xunit;

namespace OrleansWorkflows.StorageConformanceTests;

public abstract partial class WorkflowStoreConformanceTests
{
    private async Task CreateAsync(string id, OrchestrationRuntimeStatus status, DateTime created, string name = "Orchestration") =>
        await Store.CommitAsync(Start(id) with { Record = Record(id, status) with { CreatedAt = created, Name = name } });

    [Fact]
    public async Task Query_FiltersByStatusNameTimeAndPrefix_AllConditionsTogether()
    {
        await CreateAsync("order-1", OrchestrationRuntimeStatus.Running, T0);
        await CreateAsync("order-2", OrchestrationRuntimeStatus.Completed, T0.AddMinutes(1));
        await CreateAsync("order-3", OrchestrationRuntimeStatus.Failed, T0.AddMinutes(2), name: "Other");
        await CreateAsync("invoice-1", OrchestrationRuntimeStatus.Completed, T0.AddMinutes(3));

        async Task<string[]> Ids(InstanceQuery q) => [.. (await Store.QueryAsync(q)).Instances.Select(r => r.InstanceId)];

        Assert.Equal(["order-2", "invoice-1"], await Ids(new() { Statuses = [OrchestrationRuntimeStatus.Completed] }));
        Assert.Equal(["order-2", "order-3"], await Ids(new() { Statuses = [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed], InstanceIdPrefix = "order-" }));
        Assert.Equal(["order-3"], await Ids(new() { Name = "other" }));
        Assert.Equal(["order-2", "order-3"], await Ids(new() { CreatedFrom = T0.AddMinutes(1), CreatedTo = T0.AddMinutes(2) }));
        Assert.Empty(await Ids(new() { InstanceIdPrefix = "nothing" }));
    }

    [Fact]
    public async Task Query_PagedWalk_ReturnsEachInstanceExactlyOnce_InCreationOrder()
    {
        for (var i = 0; i < 25; i++)
        {
            // Several instances share a creation time: the id breaks the tie.
            await CreateAsync($"p-{i:D2}", OrchestrationRuntimeStatus.Running, T0.AddSeconds(i / 3));
        }

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await Store.QueryAsync(new InstanceQuery { PageSize = 10, ContinuationToken = token });
            seen.AddRange(page.Instances.Select(r => r.InstanceId));
            token = page.ContinuationToken;
            pages++;
        }
        while (token is not null);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"p-{i:D2}"), seen);
    }

    [Fact]
    public async Task Query_WithoutInputsAndOutputs_ReadsNoPayloads_AndNeverTheEngineState()
    {
        var big = new string('x', 100_000);
        await Store.CommitAsync(Start("payload-done") with
        {
            Record = Record("payload-done", OrchestrationRuntimeStatus.Completed) with
            {
                Input = $"\"{big}\"", Output = "\"out\"", CustomStatus = "\"custom\"", EngineState = $"{{\"s\":\"{big}\"}}",
            },
        });
        await Store.CommitAsync(Start("payload-failed") with
        {
            Record = Record("payload-failed", OrchestrationRuntimeStatus.Failed) with
            {
                Input = "\"in\"", Output = "{\"errorMessage\":\"boom\"}", EngineState = "{}", CreatedAt = T0.AddSeconds(1),
            },
        });

        var lean = (await Store.QueryAsync(new InstanceQuery { InstanceIdPrefix = "payload-", IncludeInputsAndOutputs = false })).Instances;
        Assert.Equal(["payload-done", "payload-failed"], lean.Select(r => r.InstanceId));
        Assert.All(lean, r => Assert.Null(r.Input));
        Assert.All(lean, r => Assert.Null(r.CustomStatus));
        Assert.All(lean, r => Assert.Null(r.EngineState));
        Assert.Null(lean[0].Output);
        Assert.Equal("{\"errorMessage\":\"boom\"}", lean[1].Output);
        Assert.Equal((OrchestrationRuntimeStatus.Completed, "Orchestration", "exec-1", 1L), (lean[0].Status, lean[0].Name, lean[0].ExecutionId, lean[0].Version));

        var full = (await Store.QueryAsync(new InstanceQuery { InstanceIdPrefix = "payload-" })).Instances;
        Assert.Equal(($"\"{big}\"", "\"out\"", "\"custom\""), (full[0].Input, full[0].Output, full[0].CustomStatus));
        Assert.All(full, r => Assert.Null(r.EngineState));
    }

    [Fact]
    public async Task Query_ByPrefix_ReturnsExactlyTheIdsStartingWithIt_AlsoBeyondAscii()
    {
        string[] ids =
        [
            "a", "ab", "ab\u007f", "abc", "abd", "ac", "b", "\u00e9t\u00e9", "\u00e9t\u00e9-2", "\u00e9tz", "\u00ea",
            "\uffee-1", "\uffee\uffef", "\uffef", "\U0001F600a", "\U0001F600\U0001F601", "\U0001F601", "z\U0010FFFF", "z\U0010FFFFq", "{",
        ];
        for (var i = 0; i < ids.Length; i++)
        {
            await CreateAsync(ids[i], OrchestrationRuntimeStatus.Running, T0.AddSeconds(i));
        }

        foreach (var prefix in new[] { "a", "ab", "abc", "\u00e9t\u00e9", "\u00e9", "\uffee", "\U0001F600", "z\U0010FFFF", "z", "", "nothing" })
        {
            var page = await Store.QueryAsync(new InstanceQuery { InstanceIdPrefix = prefix, PageSize = 1000 });
            Assert.Equal(ids.Where(id => id.StartsWith(prefix, StringComparison.Ordinal)), page.Instances.Select(r => r.InstanceId));
        }
    }

    [Fact]
    public async Task Query_WithAForeignToken_FailsClearly()
    {
        await Assert.ThrowsAsync<FormatException>(() => Store.QueryAsync(new InstanceQuery { ContinuationToken = "not a token!" }));
    }

    [Fact]
    public async Task Purge_RemovesEverything_OnlyAtTheExpectedVersion()
    {
        var busy = await CreateBusyInstanceAsync("purged");

        Assert.False(await Store.PurgeAsync("purged", busy.Record.Version + 1));
        Assert.NotNull(await Store.LoadAsync("purged"));
        Assert.True(await Store.PurgeAsync("purged", busy.Record.Version));

        Assert.Null(await Store.LoadAsync("purged"));
        Assert.Empty(await Store.ReadHistoryAsync("purged"));
        Assert.False(await Store.PurgeAsync("purged", busy.Record.Version));
        Assert.Empty((await Store.QueryAsync(new InstanceQuery { InstanceIdPrefix = "purged" })).Instances);
    }

    [Fact]
    public async Task ReadHistory_Paged_ReturnsTheRequestedSlice()
    {
        await Store.CommitAsync(Start("paged", "h1", "h2", "h3", "h4", "h5"));

        Assert.Equal(["h2", "h3"], await Store.ReadHistoryAsync("paged", skip: 1, take: 2));
        Assert.Equal(["h5"], await Store.ReadHistoryAsync("paged", skip: 4, take: 10));
        Assert.Empty(await Store.ReadHistoryAsync("paged", skip: 5, take: 10));
    }
}
