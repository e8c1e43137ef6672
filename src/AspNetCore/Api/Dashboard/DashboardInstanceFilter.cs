namespace OrleansWorkflows.Gateway.Api;

/// <summary>
/// The list's filters as the dashboard sends them (<c>runtimeStatus</c> repeated or comma-separated, <c>name</c>, <c>prefix</c>,
/// <c>version</c>, <c>createdFrom</c>, <c>createdTo</c>), read into the client facade's <see cref="OrchestrationQuery"/>. A new filter of
/// the query (e.g. a version) is one more parameter here and one more entry in the page's filter table
/// (<c>Dashboard/instances.js</c>).
/// </summary>
internal static class DashboardInstanceFilter
{
    /// <summary>Reads the filters of <paramref name="request"/>; a malformed value sets <paramref name="problem"/> (400 naming it).</summary>
    /// <param name="request">The request.</param>
    /// <param name="withStatus">Whether the status filter applies (the counts ignore it: they count every status).</param>
    /// <param name="problem">Set to a 400 problem when a value is malformed.</param>
    public static OrchestrationQuery Read(HttpRequest request, bool withStatus, ref IResult? problem)
    {
        var query = request.Query;
        var name = query["name"].ToString().Trim();
        var prefix = query["prefix"].ToString().Trim();
        var version = query["version"].ToString().Trim();
        return new OrchestrationQuery
        {
            Statuses = withStatus ? QueryValues.Statuses(query["runtimeStatus"], ref problem) : null,
            Name = name.Length == 0 ? null : name,
            InstanceIdPrefix = prefix.Length == 0 ? null : prefix,
            Version = version.Length == 0 ? null : version,
            CreatedFrom = QueryValues.Time("createdFrom", query["createdFrom"], ref problem),
            CreatedTo = QueryValues.Time("createdTo", query["createdTo"], ref problem),
        };
    }

    /// <summary>True when the filter can match nothing: ids starting with '@' are entities, never listed as instances.</summary>
    /// <param name="query">The query.</param>
    public static bool MatchesNothing(OrchestrationQuery query) => query.InstanceIdPrefix?.StartsWith('@') == true;
}
