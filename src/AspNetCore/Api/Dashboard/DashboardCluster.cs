using Microsoft.AspNetCore.Mvc;

namespace OrleansWorkflows.Gateway.Api;

/// <summary>
/// The cluster page's data (<see cref="WorkflowClient.GetClusterOverviewAsync"/>, from Orleans' management grain): the
/// silos of the membership table, live ones first, with their status and activations, and the activations per grain type.
/// </summary>
internal static class DashboardCluster
{
    public static async Task<IResult> GetAsync(HttpContext http, [FromKeyedServices(WorkflowEndpoints.ClientKey)] WorkflowClient client)
    {
        var overview = await client.GetClusterOverviewAsync(http.RequestAborted);
        var perSilo = overview.Activations.GroupBy(a => a.SiloAddress).ToDictionary(g => g.Key, g => g.Sum(a => a.Count));
        var silos = overview.Silos
            .OrderBy(s => s.Status == "Dead").ThenBy(s => s.StartedAt)
            .Select(s => new SiloRow(
                s.Address,
                s.Name,
                s.HostName,
                s.Status,
                ApiFormat.Seconds(s.StartedAt),
                s.LastAliveAt is { } alive ? ApiFormat.Seconds(alive) : null,
                perSilo.GetValueOrDefault(s.Address)))
            .ToList();
        var grainTypes = overview.Activations
            .GroupBy(a => a.GrainType)
            .Select(g => new GrainTypeRow(g.Key, g.Sum(a => a.Count), g.GroupBy(a => a.SiloAddress).ToDictionary(s => s.Key, s => s.Sum(a => a.Count))))
            .OrderByDescending(g => g.Activations).ThenBy(g => g.GrainType, StringComparer.Ordinal)
            .ToList();
        return TypedResults.Ok(new ClusterResponse(silos, grainTypes));
    }
}
