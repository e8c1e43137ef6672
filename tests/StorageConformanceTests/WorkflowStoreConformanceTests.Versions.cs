using OrleansWorkflows.Storage;
using Xunit;

namespace OrleansWorkflows.StorageConformanceTests;

/// <summary>The orchestration version of each instance (side-by-side versions): stored, read back and filtered on.</summary>
public abstract partial class WorkflowStoreConformanceTests
{
    private async Task CreateVersionedAsync(string id, string? version, DateTime created) =>
        await Store.CommitAsync(Start(id) with { Record = Record(id) with { CreatedAt = created, OrchestrationVersion = version } });

    [Fact]
    public async Task Query_FiltersByVersion_CaseInsensitive_AndUnversionedRowsMatchNoVersion()
    {
        await CreateVersionedAsync("ver-a", "1", T0);
        await CreateVersionedAsync("ver-b", "2.0-beta", T0.AddMinutes(1));
        await CreateVersionedAsync("ver-c", null, T0.AddMinutes(2));
        await CreateVersionedAsync("ver-d", "1", T0.AddMinutes(3));

        async Task<string[]> Ids(InstanceQuery q) => [.. (await Store.QueryAsync(q with { InstanceIdPrefix = "ver-" })).Instances.Select(r => r.InstanceId)];

        Assert.Equal(["ver-a", "ver-d"], await Ids(new() { Version = "1" }));
        Assert.Equal(["ver-b"], await Ids(new() { Version = "2.0-BETA" }));
        Assert.Empty(await Ids(new() { Version = "3" }));
        Assert.Equal(["ver-a", "ver-b", "ver-c", "ver-d"], await Ids(new()));
        Assert.Equal(["ver-d"], await Ids(new() { Version = "1", CreatedFrom = T0.AddMinutes(2) }));
    }

    [Fact]
    public async Task Version_IsReadBack_ByQueryLoadAndGet_AndChangesWithTheNextCommit()
    {
        await CreateVersionedAsync("ver-read", "2.0-beta", T0);
        var page = await Store.QueryAsync(new InstanceQuery { InstanceIdPrefix = "ver-read", IncludeInputsAndOutputs = false });
        Assert.Equal("2.0-beta", Assert.Single(page.Instances).OrchestrationVersion);
        Assert.Equal("2.0-beta", (await Store.GetRecordAsync("ver-read"))!.OrchestrationVersion);
        Assert.Equal("2.0-beta", (await Store.LoadAsync("ver-read"))!.Record.OrchestrationVersion);

        var stored = (await Store.GetRecordAsync("ver-read"))!;
        await Store.CommitAsync(new InstanceCommit
        {
            Record = Record("ver-read", OrchestrationRuntimeStatus.Running, "exec-2") with { CreatedAt = T0, OrchestrationVersion = "3" },
            ExpectedVersion = stored.Version,
            ReplaceHistory = true,
        });
        Assert.Equal("3", (await Store.GetRecordAsync("ver-read"))!.OrchestrationVersion);
        Assert.Equal(["ver-read"], (await Store.QueryAsync(new InstanceQuery { Version = "3", InstanceIdPrefix = "ver-" })).Instances.Select(r => r.InstanceId));
        Assert.Empty((await Store.QueryAsync(new InstanceQuery { Version = "2.0-beta", InstanceIdPrefix = "ver-" })).Instances);
    }
}
