using OrleansWorkflows.Storage;
using Xunit;
using static OrleansWorkflows.UnitTests.Storage.MembershipTestData;

namespace OrleansWorkflows.UnitTests.Storage;

/// <summary>Version and ETag checks of the membership table, as Orleans' membership protocol relies on them.</summary>
public sealed class InMemoryMembershipTableTests
{
    private readonly InMemoryMembershipTable _table = new();

    [Fact]
    public async Task ReadAll_EmptyTable_IsAtVersionZero()
    {
        var data = await _table.ReadAllAsync();

        Assert.Empty(data.Members);
        Assert.Equal(0, data.Version.Version);
        Assert.NotNull(data.Version.VersionEtag);
    }

    [Fact]
    public async Task InsertRow_NextVersion_StoresRowAndAdvancesVersion()
    {
        var empty = await _table.ReadAllAsync();

        Assert.True(await _table.InsertRowAsync(Entry(1000), empty.Version.Next()));

        var data = await _table.ReadAllAsync();
        var (entry, etag) = Assert.Single(data.Members);
        Assert.Equal(Entry(1000).ToFullString(), entry.ToFullString());
        Assert.False(string.IsNullOrEmpty(etag));
        Assert.Equal(1, data.Version.Version);
        Assert.NotEqual(empty.Version.VersionEtag, data.Version.VersionEtag);
    }

    [Fact]
    public async Task InsertRow_StaleVersion_Fails()
    {
        var next = (await _table.ReadAllAsync()).Version.Next();
        await _table.InsertRowAsync(Entry(1000), next);

        Assert.False(await _table.InsertRowAsync(Entry(1001), next));

        Assert.Single((await _table.ReadAllAsync()).Members);
    }

    [Fact]
    public async Task InsertRow_VersionNotTheNextOne_Fails()
    {
        var current = (await _table.ReadAllAsync()).Version;

        Assert.False(await _table.InsertRowAsync(Entry(1000), current));
        Assert.False(await _table.InsertRowAsync(Entry(1000), current.Next().Next()));
        Assert.False(await _table.InsertRowAsync(Entry(1000), new TableVersion(1, "other")));

        Assert.Empty((await _table.ReadAllAsync()).Members);
    }

    [Fact]
    public async Task InsertRow_ExistingSilo_FailsEvenAtTheNextVersion()
    {
        await _table.InsertRowAsync(Entry(1000), (await _table.ReadAllAsync()).Version.Next());

        Assert.False(await _table.InsertRowAsync(Entry(1000, SiloStatus.Active), (await _table.ReadAllAsync()).Version.Next()));

        Assert.Equal(1, _table.Version.Version);
    }

    [Fact]
    public async Task UpdateRow_CurrentETagAndNextVersion_ReplacesRowUnderNewETag()
    {
        await _table.InsertRowAsync(Entry(1000), (await _table.ReadAllAsync()).Version.Next());
        var before = await _table.ReadRowAsync(Entry(1000).SiloAddress);

        var updated = Entry(1000, SiloStatus.Active);
        Assert.True(await _table.UpdateRowAsync(updated, before.Members[0].Item2, before.Version.Next()));

        var after = await _table.ReadRowAsync(updated.SiloAddress);
        Assert.Equal(SiloStatus.Active, after.Members[0].Item1.Status);
        Assert.NotEqual(before.Members[0].Item2, after.Members[0].Item2);
        Assert.Equal(2, after.Version.Version);
    }

    [Fact]
    public async Task UpdateRow_StaleRowETagOrVersion_FailsAndChangesNothing()
    {
        await _table.InsertRowAsync(Entry(1000), (await _table.ReadAllAsync()).Version.Next());
        var first = await _table.ReadRowAsync(Entry(1000).SiloAddress);
        await _table.UpdateRowAsync(Entry(1000, SiloStatus.Active), first.Members[0].Item2, first.Version.Next());
        var current = await _table.ReadRowAsync(Entry(1000).SiloAddress);

        Assert.False(await _table.UpdateRowAsync(Entry(1000, SiloStatus.Dead), first.Members[0].Item2, current.Version.Next()));
        Assert.False(await _table.UpdateRowAsync(Entry(1000, SiloStatus.Dead), current.Members[0].Item2, first.Version.Next()));
        Assert.False(await _table.UpdateRowAsync(Entry(1000, SiloStatus.Dead), current.Members[0].Item2, current.Version));

        var after = await _table.ReadRowAsync(Entry(1000).SiloAddress);
        Assert.Equal((SiloStatus.Active, current.Members[0].Item2), (after.Members[0].Item1.Status, after.Members[0].Item2));
        Assert.Equal(current.Version, after.Version);
    }

    [Fact]
    public async Task UpdateRow_UnknownSilo_Fails()
    {
        var version = (await _table.ReadAllAsync()).Version;

        Assert.False(await _table.UpdateRowAsync(Entry(1000), "1", version.Next()));
    }

    [Fact]
    public async Task ReadRow_UnknownSilo_ReturnsNoRowsAndTheVersion()
    {
        await _table.InsertRowAsync(Entry(1000), (await _table.ReadAllAsync()).Version.Next());

        var data = await _table.ReadRowAsync(Entry(1001).SiloAddress);

        Assert.Empty(data.Members);
        Assert.Equal(_table.Version, data.Version);
    }

    [Fact]
    public async Task UpdateRow_ConcurrentWritersRetrying_EachSucceedOnce()
    {
        await _table.InsertRowAsync(Entry(1000), (await _table.ReadAllAsync()).Version.Next());

        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            var done = false;
            while (!done)
            {
                var data = await _table.ReadAllAsync();
                var (entry, etag) = data.Members[0];
                entry.IAmAliveTime = entry.IAmAliveTime.AddSeconds(1);
                done = await _table.UpdateRowAsync(entry, etag, data.Version.Next());
            }
        })));

        var final = await _table.ReadAllAsync();
        Assert.Equal(17, final.Version.Version);
        Assert.Equal(T0.AddSeconds(16), final.Members[0].Item1.IAmAliveTime);
    }
}
