namespace OrleansWorkflows.Storage;

/// <summary>
/// A base for membership tables: implementations write the cancellable <c>...Async</c> members Orleans calls; the
/// obsolete members the interface still declares forward to them.
/// </summary>
public abstract class MembershipTableBase : IMembershipTable
{
    /// <inheritdoc cref="IMembershipTable.InitializeMembershipTableAsync" />
    public abstract Task InitializeMembershipTableAsync(bool tryInitTableVersion, CancellationToken cancellationToken = default);

    /// <inheritdoc cref="IMembershipTable.DeleteMembershipTableEntriesAsync" />
    public abstract Task DeleteMembershipTableEntriesAsync(string clusterId, CancellationToken cancellationToken = default);

    /// <inheritdoc cref="IMembershipTable.CleanupDefunctSiloEntriesAsync" />
    public abstract Task CleanupDefunctSiloEntriesAsync(DateTimeOffset beforeDate, CancellationToken cancellationToken = default);

    /// <inheritdoc cref="IMembershipTable.ReadRowAsync" />
    public abstract Task<MembershipTableData> ReadRowAsync(SiloAddress key, CancellationToken cancellationToken = default);

    /// <inheritdoc cref="IMembershipTable.ReadAllAsync" />
    public abstract Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken = default);

    /// <inheritdoc cref="IMembershipTable.InsertRowAsync" />
    public abstract Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion tableVersion, CancellationToken cancellationToken = default);

    /// <inheritdoc cref="IMembershipTable.UpdateRowAsync" />
    public abstract Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, TableVersion tableVersion, CancellationToken cancellationToken = default);

    /// <inheritdoc cref="IMembershipTable.UpdateIAmAliveAsync" />
    public abstract Task UpdateIAmAliveAsync(MembershipEntry entry, CancellationToken cancellationToken = default);

    [Obsolete("Use InitializeMembershipTableAsync.")]
    Task IMembershipTable.InitializeMembershipTable(bool tryInitTableVersion) => InitializeMembershipTableAsync(tryInitTableVersion);

    [Obsolete("Use DeleteMembershipTableEntriesAsync.")]
    Task IMembershipTable.DeleteMembershipTableEntries(string clusterId) => DeleteMembershipTableEntriesAsync(clusterId);

    [Obsolete("Use CleanupDefunctSiloEntriesAsync.")]
    Task IMembershipTable.CleanupDefunctSiloEntries(DateTimeOffset beforeDate) => CleanupDefunctSiloEntriesAsync(beforeDate);

    [Obsolete("Use ReadRowAsync.")]
    Task<MembershipTableData> IMembershipTable.ReadRow(SiloAddress key) => ReadRowAsync(key);

    [Obsolete("Use ReadAllAsync.")]
    Task<MembershipTableData> IMembershipTable.ReadAll() => ReadAllAsync();

    [Obsolete("Use InsertRowAsync.")]
    Task<bool> IMembershipTable.InsertRow(MembershipEntry entry, TableVersion tableVersion) => InsertRowAsync(entry, tableVersion);

    [Obsolete("Use UpdateRowAsync.")]
    Task<bool> IMembershipTable.UpdateRow(MembershipEntry entry, string etag, TableVersion tableVersion) => UpdateRowAsync(entry, etag, tableVersion);

    [Obsolete("Use UpdateIAmAliveAsync.")]
    Task IMembershipTable.UpdateIAmAlive(MembershipEntry entry) => UpdateIAmAliveAsync(entry);
}
