using Microsoft.AspNetCore.Mvc;

namespace OrleansWorkflows.Gateway.Api;

/// <summary>Many instances: <c>GET instances</c> (list, paged by <c>x-ms-continuation-token</c>) and <c>DELETE instances</c> (purge by filter).</summary>
internal static class InstanceQueryEndpoints
{
    /// <summary>The request and response header that carries the next page's token.</summary>
    public const string ContinuationHeader = "x-ms-continuation-token";
    private const int DefaultTop = 100;
    private const int MaxTop = 1000;

    public static IEndpointRouteBuilder MapInstanceQueryEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(DurableRoutes.BasePath).WithTags("Instances").AddEndpointFilter<WorkflowErrorFilter>();
        // Routing ignores a trailing slash: this also serves GET instances/.
        group.MapGet("/instances", ListAsync)
            .WithName("ListInstances")
            .WithSummary("Lists instances filtered by id prefix, created time, runtime status and orchestration version, one page of `top` at a time.")
            .WithDescription($"The response header `{ContinuationHeader}` carries the next page's token; send it back as a request header. It is absent on the last page.")
            .Produces<InstanceStatusResponse[]>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest);

        group.MapDelete("/instances", PurgeAsync)
            .WithName("PurgeInstances")
            .WithSummary("Purges the history of every finished instance created in [createdTimeFrom, createdTimeTo] with one of the given statuses.")
            .Produces<PurgeResponse>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> ListAsync(
        [FromQuery] string? instanceIdPrefix,
        [FromQuery] string? createdTimeFrom,
        [FromQuery] string? createdTimeTo,
        [FromQuery] string[]? runtimeStatus,
        [FromQuery] string? showInput,
        [FromQuery] string? top,
        [FromQuery] string? version,
        [FromHeader(Name = ContinuationHeader)] string? continuationToken,
        HttpContext http,
        [FromKeyedServices(WorkflowEndpoints.ClientKey)] WorkflowClient client)
    {
        IResult? problem = null;
        var query = new OrchestrationQuery
        {
            InstanceIdPrefix = string.IsNullOrEmpty(instanceIdPrefix) ? null : instanceIdPrefix,
            CreatedFrom = QueryValues.Time(nameof(createdTimeFrom), createdTimeFrom, ref problem),
            CreatedTo = QueryValues.Time(nameof(createdTimeTo), createdTimeTo, ref problem),
            Statuses = QueryValues.Statuses(runtimeStatus, ref problem),
            PageSize = QueryValues.Int(nameof(top), top, DefaultTop, 1, int.MaxValue, ref problem) is var size && size > MaxTop ? MaxTop : size,
            ContinuationToken = string.IsNullOrWhiteSpace(continuationToken) ? null : continuationToken.Trim(),
            IncludeInputsAndOutputs = true,
            Version = string.IsNullOrEmpty(version) ? null : version,
        };
        var view = new StatusView(QueryValues.Bool(nameof(showInput), showInput, true, ref problem));
        if (problem is not null)
        {
            return problem;
        }

        if (query.InstanceIdPrefix?.StartsWith('@') == true)
        {
            // Instance ids never start with '@' (entities are indexed under '@name@key'): nothing to list.
            return TypedResults.Ok(Array.Empty<InstanceStatusResponse>());
        }

        var page = await client.QueryInstancesAsync(query, http.RequestAborted);
        if (page.ContinuationToken is { } next)
        {
            http.Response.Headers[ContinuationHeader] = next;
        }

        return TypedResults.Ok(page.Instances.Select(i => InstanceStatusResponse.From(i, view)).ToArray());
    }

    private static async Task<IResult> PurgeAsync(
        [FromQuery] string? createdTimeFrom,
        [FromQuery] string? createdTimeTo,
        [FromQuery] string[]? runtimeStatus,
        HttpContext http,
        [FromKeyedServices(WorkflowEndpoints.ClientKey)] WorkflowClient client)
    {
        IResult? problem = null;
        var from = QueryValues.Time(nameof(createdTimeFrom), createdTimeFrom, ref problem);
        var to = QueryValues.Time(nameof(createdTimeTo), createdTimeTo, ref problem);
        var statuses = QueryValues.Statuses(runtimeStatus, ref problem);
        if (problem is not null)
        {
            return problem;
        }

        if (from is not { } createdFrom)
        {
            return Problems.BadRequest("'createdTimeFrom' is required to purge instances.");
        }

        var deleted = await client.PurgeInstancesAsync(new PurgeFilter(createdFrom, to, statuses), http.RequestAborted);
        return deleted == 0
            ? Problems.NotFound("No finished instance matched the filter.")
            : TypedResults.Ok(new PurgeResponse(deleted));
    }
}
