using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;

namespace OrleansWorkflows.Gateway.Api;

/// <summary>
/// <c>GET instances/{id}/history?skip=&amp;take=</c>: one page of an instance's history in the engine's persisted JSON
/// contract (camelCase events with an <c>eventType</c> discriminator), so long histories are read page by page;
/// <c>GET instances/{id}/history/export</c>: the whole history as one file for replay tests
/// (<see cref="WorkflowClient.ExportHistoryAsync"/>).
/// </summary>
internal static class HistoryEndpoints
{
    private const int DefaultTake = 100;
    private const int MaxTake = 1000;

    public static IEndpointRouteBuilder MapHistoryEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup(DurableRoutes.BasePath).WithTags("Instances").AddEndpointFilter<WorkflowErrorFilter>()
            .MapGet("/instances/{instanceId}/history", GetHistoryAsync)
            .WithName("GetInstanceHistory")
            .WithSummary("Reads a page of an instance's history (engine JSON contract); `nextSkip` is null on the last page.")
            .Produces<HistoryPageResponse>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGroup(DurableRoutes.BasePath).WithTags("Instances").AddEndpointFilter<WorkflowErrorFilter>()
            .MapGet("/instances/{instanceId}/history/export", ExportHistoryAsync)
            .WithName("ExportInstanceHistory")
            .WithSummary("Downloads an instance's whole history as one JSON file ({\"v\":1,\"instanceId\",\"events\"}) for replay tests.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> GetHistoryAsync(string instanceId, [FromQuery] string? skip, [FromQuery] string? take, HttpContext http, [FromKeyedServices(WorkflowEndpoints.ClientKey)] WorkflowClient client)
    {
        IResult? problem = null;
        var from = QueryValues.Int(nameof(skip), skip, 0, 0, int.MaxValue, ref problem);
        var count = QueryValues.Int(nameof(take), take, DefaultTake, 1, MaxTake, ref problem);
        if (problem is not null)
        {
            return problem;
        }

        var page = await client.GetHistoryAsync(instanceId, from, count, http.RequestAborted);
        var events = JsonNode.Parse(page.SerializedEvents) as JsonArray ?? [];
        return TypedResults.Ok(new HistoryPageResponse(events, page.NextSkip));
    }

    private static async Task<IResult> ExportHistoryAsync(string instanceId, HttpContext http, [FromKeyedServices(WorkflowEndpoints.ClientKey)] WorkflowClient client)
    {
        var json = await client.ExportHistoryAsync(instanceId, http.RequestAborted);
        var file = new string([.. instanceId.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')]);
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{file}.history.json\"";
        return TypedResults.Text(json, "application/json");
    }
}

/// <summary>One page of history: the events and where the next page starts (<c>null</c> on the last page).</summary>
internal sealed record HistoryPageResponse(
    [property: JsonPropertyName("events")] JsonArray Events,
    [property: JsonPropertyName("nextSkip")] int? NextSkip);
