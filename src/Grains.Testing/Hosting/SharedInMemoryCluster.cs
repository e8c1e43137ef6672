using OrleansWorkflows.Storage;

namespace OrleansWorkflows.Hosting;

/// <summary>
/// Everything an in-process test cluster keeps outside its silos, as a real database would: one workflow store, one
/// reminder table and one membership table, shared by every silo (and, for gateways, every client) of the cluster.
/// Because none of it lives on a silo, any silo — the first one included — may be killed without losing instances,
/// reminders or the cluster itself. Pass one instance to <c>UseSharedInMemoryCluster</c> on each silo and client.
/// </summary>
public sealed class SharedInMemoryCluster
{
    /// <summary>The workflow store.</summary>
    public InMemoryWorkflowStore Store { get; } = new();

    /// <summary>The Orleans reminder table.</summary>
    public InMemoryReminderTable Reminders { get; } = new();

    /// <summary>The Orleans membership table (and, through it, the clients' gateway list).</summary>
    public InMemoryMembershipTable Membership { get; } = new();

    /// <summary>Commits to hold in flight (test hook; see <see cref="StoreWriteHolds"/>).</summary>
    public StoreWriteHolds Holds { get; } = new();
}
