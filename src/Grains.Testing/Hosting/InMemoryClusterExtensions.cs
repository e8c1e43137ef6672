using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Messaging;
using OrleansWorkflows.Storage;

namespace OrleansWorkflows.Hosting;

/// <summary>Wires silos and clients of an in-process test cluster to one <see cref="SharedInMemoryCluster"/>.</summary>
public static class InMemoryClusterExtensions
{
    /// <summary>
    /// Makes this silo use the shared workflow store, reminder table (and adds Orleans reminders) and membership table
    /// of <paramref name="cluster"/>, replacing any store, reminder table or membership table registered before (such
    /// as development clustering). Registers this silo's <see cref="SiloStorageLink"/>, which a test severs before it
    /// kills the silo. Calling it again replaces the earlier registration.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="cluster">The storage shared by every silo of the cluster.</param>
    public static ISiloBuilder UseSharedInMemoryCluster(this ISiloBuilder builder, SharedInMemoryCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(cluster);
        var services = builder.Services;
        services.RemoveAll<SiloStorageLink>();
        services.AddSingleton<SiloStorageLink>();
        services.RemoveAll<IWorkflowStore>();
        services.AddSingleton<IWorkflowStore>(sp => new LinkedWorkflowStore(cluster.Store, sp.GetRequiredService<SiloStorageLink>(), cluster.Holds));
        services.RemoveAll<IMembershipTable>();
        services.AddSingleton<IMembershipTable>(sp => new LinkedMembershipTable(cluster.Membership, sp.GetRequiredService<SiloStorageLink>()));
        services.RemoveAll<IReminderTable>();
        services.AddSingleton<IReminderTable>(sp => new LinkedReminderTable(cluster.Reminders, sp.GetRequiredService<SiloStorageLink>()));
        builder.AddReminders();
        return builder;
    }

    /// <summary>
    /// Makes this client find gateways in the membership table of <paramref name="cluster"/> (active silos with a
    /// gateway), refreshed every <see cref="GatewayOptions.GatewayListRefreshPeriod"/>.
    /// </summary>
    /// <param name="builder">The client builder.</param>
    /// <param name="cluster">The storage shared by every silo of the cluster.</param>
    public static IClientBuilder UseSharedInMemoryCluster(this IClientBuilder builder, SharedInMemoryCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(cluster);
        builder.Services.RemoveAll<IGatewayListProvider>();
        builder.Services.AddSingleton<IGatewayListProvider>(sp => new MembershipGatewayListProvider(
            cluster.Membership,
            sp.GetRequiredService<IOptions<GatewayOptions>>().Value.GatewayListRefreshPeriod));
        return builder;
    }
}
