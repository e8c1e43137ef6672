namespace OrleansWorkflows;

/// <summary>The cluster behind the client, for dashboards and diagnostics.</summary>
public sealed partial class WorkflowClient
{
    /// <summary>
    /// Reads the cluster's silos (with their membership status) and the activations per grain type and silo from Orleans'
    /// management grain. Asks every active silo: meant for an operator's page, not a hot path.
    /// </summary>
    /// <param name="cancellationToken">Cancels waiting.</param>
    public async Task<ClusterOverview> GetClusterOverviewAsync(CancellationToken cancellationToken = default)
    {
        var management = _grains.GetGrain<IManagementGrain>(0);
        var hosts = await RetryTransientAsync(() => management.GetDetailedHosts(false), cancellationToken);
        var statistics = await RetryTransientAsync(() => management.GetSimpleGrainStatistics(), cancellationToken);
        return new ClusterOverview(
            [.. hosts.Select(h => new SiloOverview(
                h.SiloAddress.ToString(), h.SiloName, h.HostName, h.Status.ToString(), h.StartTime, h.IAmAliveTime == default ? null : h.IAmAliveTime))],
            [.. statistics.Select(s => new GrainActivations(s.GrainType, s.SiloAddress.ToString(), s.ActivationCount))]);
    }
}
