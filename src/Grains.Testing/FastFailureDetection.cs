using Orleans.Configuration;

namespace OrleansWorkflows.Testing;

/// <summary>
/// Membership timing for tests: an abruptly killed silo is declared dead within a few seconds (Orleans' defaults take
/// about a minute), while a live but busy silo on a loaded 2-core machine is not evicted by mistake. Probes of a dead
/// silo fail at once on the in-memory transport; three missed probes (each at most 2 s apart) and one vote evict it,
/// which measured 1–2 s after its transport closed. The survivors then learn it through gossip and 1 s table refreshes.
/// </summary>
public static class FastFailureDetection
{
    /// <summary>Configures the silos' membership options.</summary>
    /// <param name="options">The options.</param>
    public static void Configure(ClusterMembershipOptions options)
    {
        options.ProbeTimeout = TimeSpan.FromSeconds(1);
        options.MinProbeTimeout = TimeSpan.FromMilliseconds(500);
        options.MaxProbeTimeout = TimeSpan.FromSeconds(2);
        options.NumMissedProbesLimit = 3;
        options.NumVotesForDeathDeclaration = 1;
        options.TableRefreshTimeout = TimeSpan.FromSeconds(1);
        options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(2);
        options.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(30);
    }

    /// <summary>Configures the client's gateway options: a dead gateway is dropped, a new one found, within a second.</summary>
    /// <param name="options">The options.</param>
    public static void Configure(GatewayOptions options) => options.GatewayListRefreshPeriod = TimeSpan.FromSeconds(1);
}
