using OrleansWorkflows.Storage;
using Xunit;
using static OrleansWorkflows.Testing.MembershipTestData;

namespace OrleansWorkflows.StorageConformanceTests;

/// <summary>Version and ETag checks of the membership table, as Orleans' membership protocol relies on them.</summary>
public abstract class MembershipTableConformanceTests : IAsyncLifetime
{
    private MembershipTableBase? _tableOrNull;

    private MembershipTableBase Table => _tableOrNull ?? throw new InvalidOperationException("The table is not created yet.");

    /// <inheritdoc />
    public async Task InitializeAsync() => _tableOrNull = await CreateTableAsync();

    /// <inheritdoc />
    public virtual Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Creates an empty, initialised table at version 0.</summary>
    protected abstract Task<MembershipTableBase> CreateTableAsync();

    [Fact]
    public async Task ReadAll_EmptyTable_IsAtVersionZero()
    {
        var data = await Table.ReadAllAsync();

        Assert.Empty(data.Members);
        Assert.Equal(0, data.Version.Version);
        Assert.NotNull(data.Version.VersionEtag);
    }

    [Fact]
    public async Task InsertRow_NextVersion_StoresRowAndAdvancesVersion()
    {
        var empty = await Table.ReadAllAsync();

        Assert.True(await Table.InsertRowAsync(Entry(1000), empty.Version.Next()));

        var data = await Table.ReadAllAsync();
        var (entry, etag) = Assert.Single(data.Members);
        Assert.Equal(Entry(1000).ToFullString(), entry.ToFullString());
        Assert.False(string.IsNullOrEmpty(etag));
        Assert.Equal(1, data.Version.Version);
        Assert.NotEqual(empty.Version.VersionEtag, data.Version.VersionEtag);
    }

    [Fact]
    public async Task InsertRow_StaleVersion_Fails()
    {
        var next = (await Table.ReadAllAsync()).Version.Next();
        await Table.InsertRowAsync(Entry(1000), next);

        Assert.False(await Table.InsertRowAsync(Entry(1001), next));

        Assert.Single((await Table.ReadAllAsync()).Members);
    }

    [Fact]
    public async Task InsertRow_VersionNotTheNextOne_Fails()
    {
        var current = (await Table.ReadAllAsync()).Version;

        Assert.False(await Table.InsertRowAsync(Entry(1000), current));
        Assert.False(await Table.InsertRowAsync(Entry(1000), current.Next().Next()));
        Assert.False(await Table.InsertRowAsync(Entry(1000), new TableVersion(1, "other")));

        Assert.Empty((await Table.ReadAllAsync()).Members);
    }

    [Fact]
    public async Task InsertRow_ExistingSilo_FailsEvenAtTheNextVersion()
    {
        await Table.InsertRowAsync(Entry(1000), (await Table.ReadAllAsync()).Version.Next());

        Assert.False(await Table.InsertRowAsync(Entry(1000, SiloStatus.Active), (await Table.ReadAllAsync()).Version.Next()));

        Assert.Equal(1, (await Table.ReadAllAsync()).Version.Version);
    }

    [Fact]
    public async Task UpdateRow_CurrentETagAndNextVersion_ReplacesRowUnderNewETag()
    {
        await Table.InsertRowAsync(Entry(1000), (await Table.ReadAllAsync()).Version.Next());
        var before = await Table.ReadRowAsync(Entry(1000).SiloAddress);

        var updated = Entry(1000, SiloStatus.Active);
        Assert.True(await Table.UpdateRowAsync(updated, before.Members[0].Item2, before.Version.Next()));

        var after = await Table.ReadRowAsync(updated.SiloAddress);
        Assert.Equal(SiloStatus.Active, after.Members[0].Item1.Status);
        Assert.NotEqual(before.Members[0].Item2, after.Members[0].Item2);
        Assert.Equal(2, after.Version.Version);
    }

    [Fact]
    public async Task UpdateRow_StaleRowETagOrVersion_FailsAndChangesNothing()
    {
        await Table.InsertRowAsync(Entry(1000), (await Table.ReadAllAsync()).Version.Next());
        var first = await Table.ReadRowAsync(Entry(1000).SiloAddress);
        await Table.UpdateRowAsync(Entry(1000, SiloStatus.Active), first.Members[0].Item2, first.Version.Next());
        var current = await Table.ReadRowAsync(Entry(1000).SiloAddress);

        Assert.False(await Table.UpdateRowAsync(Entry(1000, SiloStatus.Dead), first.Members[0].Item2, current.Version.Next()));
        Assert.False(await Table.UpdateRowAsync(Entry(1000, SiloStatus.Dead), current.Members[0].Item2, first.Version.Next()));
        Assert.False(await Table.UpdateRowAsync(Entry(1000, SiloStatus.Dead), current.Members[0].Item2, current.Version));

        var after = await Table.ReadRowAsync(Entry(1000).SiloAddress);
        Assert.Equal((SiloStatus.Active, current.Members[0].Item2), (after.Members[0].Item1.Status, after.Members[0].Item2));
        Assert.Equal(current.Version, after.Version);
    }

    [Fact]
    public async Task UpdateRow_UnknownSilo_Fails()
    {
        var version = (await Table.ReadAllAsync()).Version;

        Assert.False(await Table.UpdateRowAsync(Entry(1000), "1", version.Next()));
    }

    [Fact]
    public async Task ReadRow_UnknownSilo_ReturnsNoRowsAndTheVersion()
    {
        await Table.InsertRowAsync(Entry(1000), (await Table.ReadAllAsync()).Version.Next());

        var data = await Table.ReadRowAsync(Entry(1001).SiloAddress);

        Assert.Empty(data.Members);
        Assert.Equal((await Table.ReadAllAsync()).Version, data.Version);
    }

    [Fact]
    public async Task UpdateRow_ConcurrentWritersRetrying_EachSucceedOnce()
    {
        await Table.InsertRowAsync(Entry(1000), (await Table.ReadAllAsync()).Version.Next());

        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            var done = false;
            while (!done)
            {
                var data = await Table.ReadAllAsync();
                var (entry, etag) = data.Members[0];
                entry.IAmAliveTime = entry.IAmAliveTime.AddSeconds(1);
                done = await Table.UpdateRowAsync(entry, etag, data.Version.Next());
            }
        })));

        var final = await Table.ReadAllAsync();
        Assert.Equal(17, final.Version.Version);
        Assert.Equal(T0.AddSeconds(16), final.Members[0].Item1.IAmAliveTime);
    }
}

/// <summary>Runs <see cref="MembershipTableConformanceTests"/> on <see cref="InMemoryMembershipTable"/>.</summary>
public sealed class InMemoryMembershipTableTests : MembershipTableConformanceTests
{
    protected override Task<MembershipTableBase> CreateTableAsync() => Task.FromResult<MembershipTableBase>(new InMemoryMembershipTable());
}
