using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace OrleansWorkflows.Gateway.Api;

/// <summary>
/// The instances list of the dashboard: one page from the store's index (its order: creation time, then id) and the
/// counts per status. The store has no count query, so the counts walk the index, without payloads, for at most
/// <see cref="CountBudget"/>; past it they say how far they got (<c>complete: false</c>) instead of holding the page.
/// </summary>
internal static class DashboardInstances
{
    /// <summary>How long one count request may walk the index.</summary>
    public static readonly TimeSpan CountBudget = TimeSpan.FromSeconds(1.5);

    private const int DefaultTop = 25;
    private const int MaxTop = 1000;
    private const int CountPage = 1000;

    public static async Task<IResult> ListAsync(
        [FromQuery] string? top,
        [FromHeader(Name = InstanceQueryEndpoints.ContinuationHeader)] string? continuationToken,
        HttpContext http,
        [FromKeyedServices(WorkflowEndpoints.ClientKey)] WorkflowClient client)
    {
        IResult? problem = null;
        var query = DashboardInstanceFilter.Read(http.Request, withStatus: true, ref problem) with
        {
            PageSize = QueryValues.Int(nameof(top), top, DefaultTop, 1, MaxTop, ref problem),
            ContinuationToken = string.IsNullOrWhiteSpace(continuationToken) ? null : continuationToken.Trim(),
            IncludeInputsAndOutputs = false,
        };
        if (problem is not null)
        {
            return problem;
        }

        if (DashboardInstanceFilter.MatchesNothing(query))
        {
            return TypedResults.Ok(Array.Empty<InstanceRow>());
        }

        var page = await client.QueryInstancesAsync(query, http.RequestAborted);
        DashboardPaging.SetNext(http, page.ContinuationToken);
        return TypedResults.Ok(page.Instances.Select(InstanceRow.From).ToArray());
    }

    public static async Task<IResult> CountAsync(HttpContext http, [FromKeyedServices(WorkflowEndpoints.ClientKey)] WorkflowClient client)
    {
        IResult? problem = null;
        var query = DashboardInstanceFilter.Read(http.Request, withStatus: false, ref problem) with { PageSize = CountPage, IncludeInputsAndOutputs = false };
        if (problem is not null)
        {
            return problem;
        }

        var counts = Enum.GetValues<OrchestrationRuntimeStatus>().ToDictionary(s => s.ToString(), _ => 0L);
        if (DashboardInstanceFilter.MatchesNothing(query))
        {
            return TypedResults.Ok(new StatusCountsResponse(counts, true, 0));
        }

        var clock = Stopwatch.StartNew();
        long scanned = 0;
        do
        {
            var page = await client.QueryInstancesAsync(query, http.RequestAborted);
            foreach (var instance in page.Instances)
            {
                counts[instance.RuntimeStatus.ToString()] = counts.GetValueOrDefault(instance.RuntimeStatus.ToString()) + 1;
            }

            scanned += page.Instances.Count;
            query = query with { ContinuationToken = page.ContinuationToken };
        }
        while (query.ContinuationToken is not null && clock.Elapsed < CountBudget);
        return TypedResults.Ok(new StatusCountsResponse(counts, query.ContinuationToken is null, scanned));
    }
}
