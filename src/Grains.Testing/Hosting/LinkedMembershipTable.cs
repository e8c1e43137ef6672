using OrleansWorkflows.Storage;

namespace OrleansWorkflows.Hosting;

/// <summary>A silo's view of a shared membership table that fails once the silo's <see cref="SiloStorageLink"/> is severed.</summary>
internal sealed class LinkedMembershipTable(IMembershipTable inner, SiloStorageLink link) : MembershipTableBase
{
    public override Task InitializeMembershipTableAsync(bool tryInitTableVersion, CancellationToken cancellationToken = default)
    {
        link.ThrowIfSevered();
        return inner.InitializeMembershipTableAsync(tryInitTableVersion, cancellationToken);
    }

    public override Task DeleteMembershipTableEntriesAsync(string clusterId, CancellationToken cancellationToken = default)
    {
        link.ThrowIfSevered();
        return inner.DeleteMembershipTableEntriesAsync(clusterId, cancellationToken);
    }

    public override Task CleanupDefunctSiloEntriesAsync(DateTimeOffset beforeDate, CancellationToken cancellationToken = default)
    {
        link.ThrowIfSevered();
        return inner.CleanupDefunctSiloEntriesAsync(beforeDate, cancellationToken);
    }

    public override Task<MembershipTableData> ReadRowAsync(SiloAddress key, CancellationToken cancellationToken = default)
    {
        link.ThrowIfSevered();
        return inner.ReadRowAsync(key, cancellationToken);
    }

    public override Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken = default)
    {
        link.ThrowIfSevered();
        return inner.ReadAllAsync(cancellationToken);
    }

    public override Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion tableVersion, CancellationToken cancellationToken = default)
    {
        link.ThrowIfSevered();
        return inner.InsertRowAsync(entry, tableVersion, cancellationToken);
    }

    public override Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, TableVersion tableVersion, CancellationToken cancellationToken = default)
    {
        link.ThrowIfSevered();
        return inner.UpdateRowAsync(entry, etag, tableVersion, cancellationToken);
    }

    public override Task UpdateIAmAliveAsync(MembershipEntry entry, CancellationToken cancellationToken = default)
    {
        link.ThrowIfSevered();
        return inner.UpdateIAmAliveAsync(entry, cancellationToken);
    }
}
