using Microsoft.AspNetCore.Mvc;

namespace OrleansWorkflows.Gateway.Api;

/// <summary>
/// <c>GET entities[/{name}]</c>: entities with state, paged by <c>x-ms-continuation-token</c>. Entities live in the
/// instance index under ids <c>@name@key</c>, so this is an instance query by that prefix through the client facade.
/// </summary>
internal static class EntityQueryEndpoints
{
    private const int DefaultTop = 100;
    private const int MaxTop = 1000;

    public static IEndpointRouteBuilder MapEntityQueryEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(DurableRoutes.BasePath + "/entities").WithTags("Entities").AddEndpointFilter<WorkflowErrorFilter>();
        Describe(group.MapGet("/", ListAsync), "ListEntities", "Lists entities that have state, one page of `top` at a time.");
        Describe(group.MapGet("/{name}", ListAsync), "ListEntitiesByName", "Lists the entities of one name that have state, one page of `top` at a time.");
        return app;
    }

    private static void Describe(RouteHandlerBuilder endpoint, string name, string summary) => endpoint
        .WithName(name)
        .WithSummary(summary)
        .WithDescription($"The response header `{InstanceQueryEndpoints.ContinuationHeader}` carries the next page's token (absent on the last page). A page may hold fewer than `top` entities.")
        .Produces<EntityResponse[]>(StatusCodes.Status200OK)
        .ProducesProblem(StatusCodes.Status400BadRequest);

    private static async Task<IResult> ListAsync(
        [FromQuery] string? lastOperationTimeFrom,
        [FromQuery] string? lastOperationTimeTo,
        [FromQuery] string? fetchState,
        [FromQuery] string? top,
        [FromHeader(Name = InstanceQueryEndpoints.ContinuationHeader)] string? continuationToken,
        HttpContext http,
        [FromKeyedServices(WorkflowEndpoints.ClientKey)] WorkflowClient client,
        string? name = null)
    {
        IResult? problem = name is not null && EntityId.ValidateName(name) is { } error ? Problems.BadRequest(error) : null;
        var from = QueryValues.Time(nameof(lastOperationTimeFrom), lastOperationTimeFrom, ref problem);
        var to = QueryValues.Time(nameof(lastOperationTimeTo), lastOperationTimeTo, ref problem);
        var withState = QueryValues.Bool(nameof(fetchState), fetchState, false, ref problem);
        var size = Math.Min(QueryValues.Int(nameof(top), top, DefaultTop, 1, int.MaxValue, ref problem), MaxTop);
        if (problem is not null)
        {
            return problem;
        }

        var page = await QueryPageAsync(client, name, size, continuationToken, http);

        var entities = page.Instances
            .Where(i => i.SerializedInput is not null && (from is null || i.LastUpdatedAt >= from) && (to is null || i.LastUpdatedAt <= to))
            .Select(i => EntityResponse.From(i, withState))
            .OfType<EntityResponse>()
            .ToArray();
        return TypedResults.Ok(entities);
    }

    /// <summary>
    /// One page of the index entries of entities (of one name, or every name), with their state as the input; the next
    /// page's token goes on the response header.
    /// </summary>
    public static async Task<OrchestrationQueryResult> QueryPageAsync(WorkflowClient client, string? name, int size, string? continuationToken, HttpContext http)
    {
        var page = await client.QueryInstancesAsync(
            new OrchestrationQuery
            {
                InstanceIdPrefix = name is null ? "@" : $"@{name.ToLowerInvariant()}@",
                PageSize = size,
                ContinuationToken = string.IsNullOrWhiteSpace(continuationToken) ? null : continuationToken.Trim(),
                IncludeInputsAndOutputs = true,
            },
            http.RequestAborted);
        if (page.ContinuationToken is { } next)
        {
            http.Response.Headers[InstanceQueryEndpoints.ContinuationHeader] = next;
        }

        return page;
    }
}
