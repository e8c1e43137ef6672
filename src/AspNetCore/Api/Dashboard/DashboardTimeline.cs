using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;

namespace OrleansWorkflows.Gateway.Api;

/// <summary>
/// <c>GET dashboard/api/instances/{id}/timeline</c>: reads the current execution's history page by page (at most
/// <see cref="MaxEvents"/> events) and answers its bars (<see cref="TimelineBuilder"/>).
/// </summary>
internal static class DashboardTimeline
{
    /// <summary>The most history events one timeline reads; a longer history gives <c>truncated: true</c>.</summary>
    public const int MaxEvents = 20_000;

    private const int Page = 1000;

    public static async Task<IResult> GetAsync(string instanceId, HttpContext http, [FromKeyedServices(WorkflowEndpoints.ClientKey)] WorkflowClient client)
    {
        var events = new List<JsonObject>();
        int? skip = 0;
        while (skip is { } next && events.Count < MaxEvents)
        {
            var page = await client.GetHistoryAsync(instanceId, next, Math.Min(Page, MaxEvents - events.Count), http.RequestAborted);
            if (JsonNode.Parse(page.SerializedEvents) is JsonArray array)
            {
                events.AddRange(array.OfType<JsonObject>());
            }

            skip = page.NextSkip;
        }

        return TypedResults.Ok(TimelineBuilder.Build(instanceId, events, truncated: skip is not null));
    }
}
