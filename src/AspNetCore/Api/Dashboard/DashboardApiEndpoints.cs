namespace OrleansWorkflows.Gateway.Api;

/// <summary>
/// The JSON endpoints behind the dashboard's pages, under <c>{prefix}/dashboard/api/</c> (so behind the API key like
/// everything under the prefix): the registered names, one page of instances with every filter the store's index
/// offers, counts per status, an instance's timeline, entities with their lock and backlog, and the cluster's silos and
/// activations. Everything is paged or bounded on the server, so the pages stay responsive with any number of instances.
/// </summary>
internal static class DashboardApiEndpoints
{
    /// <summary>The path of the endpoints, below the route prefix.</summary>
    public const string Path = DashboardEndpoints.Path + "/api";

    public static IEndpointRouteBuilder MapDashboardApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Path).WithTags("Dashboard").AddEndpointFilter<WorkflowErrorFilter>();
        group.MapGet("/catalog", Catalog)
            .WithName("DashboardCatalog")
            .WithSummary("Lists the orchestration and entity names registered on this host's silo (`known` is false on a client-only host).")
            .Produces<CatalogResponse>(StatusCodes.Status200OK);
        group.MapGet("/instances", DashboardInstances.ListAsync)
            .WithName("DashboardInstances")
            .WithSummary("One page of instances (creation order, the store's index order) filtered by status, name, id prefix and created range; the response header `x-ms-continuation-token` carries the next page's token (send it back as a request header).")
            .Produces<InstanceRow[]>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/counts", DashboardInstances.CountAsync)
            .WithName("DashboardCounts")
            .WithSummary("Counts instances per status under the list's filters (status excepted), walking the index within a time budget; `complete` is false when the budget ran out first.")
            .Produces<StatusCountsResponse>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/instances/{instanceId}/timeline", DashboardTimeline.GetAsync)
            .WithName("DashboardTimeline")
            .WithSummary("The bars of an instance's timeline (activities, timers, sub-orchestrations, events, entity calls), built from its current execution's history.")
            .Produces<TimelineResponse>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/entities", DashboardEntities.ListAsync)
            .WithName("DashboardEntities")
            .WithSummary("One page of entities (optionally of one name) with state, last operation time, lock holder and backlog; paged by `x-ms-continuation-token` as the instances.")
            .Produces<EntityRow[]>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/cluster", DashboardCluster.GetAsync)
            .WithName("DashboardCluster")
            .WithSummary("The cluster's silos with their status and the activations per grain type and silo (Orleans' management grain).")
            .Produces<ClusterResponse>(StatusCodes.Status200OK);
        return app;
    }

    /// <summary>
    /// The names the registry of this host's silo holds; a client-only host has no registry (the names live in the
    /// silos), so the dashboard falls back to typing a name.
    /// </summary>
    private static CatalogResponse Catalog(HttpContext http) =>
        http.RequestServices.GetService<WorkflowRegistry>() is { } registry
            ? new CatalogResponse(true, [.. registry.OrchestratorNames.Order(StringComparer.OrdinalIgnoreCase)], [.. registry.EntityNames.Order(StringComparer.OrdinalIgnoreCase)])
            : new CatalogResponse(false, [], []);
}
