using OrleansWorkflows.Storage;
using Xunit;
using static OrleansWorkflows.Testing.MembershipTestData;

namespace OrleansWorkflows.StorageConformanceTests;

/// <summary>Heartbeats, clean-up and copies of the membership table.</summary>
public abstract class MembershipTableMaintenanceConformanceTests : IAsyncLifetime
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
    public async Task UpdateIAmAlive_ChangesOnlyTheHeartbeat()
    {
        await InsertAsync(Entry(1000, SiloStatus.Active));
        var before = await Table.ReadAllAsync();

        await Table.UpdateIAmAliveAsync(new MembershipEntry { SiloAddress = Entry(1000).SiloAddress, IAmAliveTime = T0.AddMinutes(1) });

        var after = await Table.ReadAllAsync();
        var (entry, etag) = after.Members[0];
        Assert.Equal(T0.AddMinutes(1), entry.IAmAliveTime);
        Assert.Equal((SiloStatus.Active, "silo-1000"), (entry.Status, entry.SiloName));
        Assert.Equal(before.Members[0].Item2, etag);
        Assert.Equal(before.Version, after.Version);
    }

    [Fact]
    public async Task UpdateIAmAlive_UnknownSilo_DoesNothing()
    {
        await Table.UpdateIAmAliveAsync(Entry(1000));

        Assert.Empty((await Table.ReadAllAsync()).Members);
    }

    [Fact]
    public async Task CleanupDefunctSiloEntries_RemovesOnlyOldInactiveRows()
    {
        var oldDead = Entry(1000, SiloStatus.Dead);
        var oldActive = Entry(1001, SiloStatus.Active);
        var recentDead = Entry(1002, SiloStatus.Dead);
        recentDead.IAmAliveTime = T0.AddDays(5);
        var recentlySuspected = Entry(1003, SiloStatus.Dead);
        recentlySuspected.AddSuspector(oldActive.SiloAddress, T0.AddDays(5));
        var oldJoining = Entry(1004, SiloStatus.Joining);
        foreach (var entry in new[] { oldDead, oldActive, recentDead, recentlySuspected, oldJoining })
        {
            await InsertAsync(entry);
        }

        await Table.CleanupDefunctSiloEntriesAsync(new DateTimeOffset(T0.AddDays(3)));

        var left = (await Table.ReadAllAsync()).Members.Select(m => m.Item1.SiloAddress.Endpoint.Port).Order();
        Assert.Equal([1001, 1002, 1003], left);
    }

    [Fact]
    public async Task DeleteMembershipTableEntries_EmptiesTheTableAtVersionZero()
    {
        await InsertAsync(Entry(1000));

        await Table.DeleteMembershipTableEntriesAsync("cluster");

        var data = await Table.ReadAllAsync();
        Assert.Empty(data.Members);
        Assert.Equal(0, data.Version.Version);
        Assert.True(await Table.InsertRowAsync(Entry(1000), data.Version.Next()));
    }

    [Fact]
    public async Task Rows_ReadAndWritten_AreCopies()
    {
        var entry = Entry(1000);
        await InsertAsync(entry);
        entry.Status = SiloStatus.Dead;
        (await Table.ReadAllAsync()).Members[0].Item1.Status = SiloStatus.Dead;

        Assert.Equal(SiloStatus.Joining, (await Table.ReadAllAsync()).Members[0].Item1.Status);
    }

    [Fact]
    public async Task ObsoleteMembers_ForwardToTheTable()
    {
        IMembershipTable table = Table;
#pragma warning disable CS0618 // Orleans still declares the old members; callers that use them must keep working.
        Assert.True(await table.InsertRow(Entry(1000), (await table.ReadAll()).Version.Next()));
        Assert.Single((await table.ReadRow(Entry(1000).SiloAddress)).Members);
#pragma warning restore CS0618
    }

    private async Task InsertAsync(MembershipEntry entry) =>
        Assert.True(await Table.InsertRowAsync(entry, (await Table.ReadAllAsync()).Version.Next()));
}

/// <summary>Runs <see cref="MembershipTableMaintenanceConformanceTests"/> on <see cref="InMemoryMembershipTable"/>.</summary>
public sealed class InMemoryMembershipTableMaintenanceTests : MembershipTableMaintenanceConformanceTests
{
    protected override Task<MembershipTableBase> CreateTableAsync() => Task.FromResult<MembershipTableBase>(new InMemoryMembershipTable());
}
