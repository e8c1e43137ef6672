using Microsoft.AspNetCore.Mvc;

namespace OrleansWorkflows.Gateway.Api;

/// <summary>
/// The entities page's data. The store's index holds an entity's state and last change (under id <c>@name@key</c>); the
/// lock holder and the backlog live only in the entity itself, so each entity of the page is asked for them
/// (<see cref="WorkflowClient.GetEntityAsync"/>, without state), which activates it: a page is bounded to
/// <see cref="MaxTop"/> entities for that reason.
/// </summary>
internal static class DashboardEntities
{
    private const int DefaultTop = 25;
    private const int MaxTop = 100;

    public static async Task<IResult> ListAsync(
        [FromQuery] string? name,
        [FromQuery] string? top,
        [FromHeader(Name = InstanceQueryEndpoints.ContinuationHeader)] string? continuationToken,
        HttpContext http,
        [FromKeyedServices(WorkflowEndpoints.ClientKey)] WorkflowClient client)
    {
        name = string.IsNullOrWhiteSpace(name) ? null : name.Trim();
        IResult? problem = name is not null && EntityId.ValidateName(name) is { } error ? Problems.BadRequest(error) : null;
        var size = QueryValues.Int(nameof(top), top, DefaultTop, 1, MaxTop, ref problem);
        if (problem is not null)
        {
            return problem;
        }

        var page = await EntityQueryEndpoints.QueryPageAsync(client, name, size, continuationToken, http);
        var entries = page.Instances
            .Where(i => i.SerializedInput is not null)
            .Select(i => (Entry: i, Ok: EntityId.TryParse(i.InstanceId, out var id), Id: id))
            .Where(e => e.Ok)
            .ToList();
        var rows = await Task.WhenAll(entries.Select(async e =>
        {
            var live = await client.GetEntityAsync(e.Id, includeState: false, http.RequestAborted);
            return new EntityRow(
                e.Id.Name,
                e.Id.Key,
                ApiFormat.Payload(e.Entry.SerializedInput),
                ApiFormat.Seconds(e.Entry.LastUpdatedAt),
                live?.LockedBy,
                live?.BacklogQueueSize);
        }));
        return TypedResults.Ok(rows);
    }
}
