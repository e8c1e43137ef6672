using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;

namespace OrleansWorkflows.Gateway.Hosting;

/// <summary>
/// The endpoints' request metrics, under the engine's meter name (<c>OrleansWorkflows</c>, see the engine's
/// <c>WorkflowInstrumentation.MeterName</c>; this package does not reference the engine): requests by method, route
/// template and status code, their duration, and errors (5xx answers, a 503 during a store or cluster outage among
/// them). Tags are bounded: the route template, never the path with its ids.
/// </summary>
internal static class GatewayMetrics
{
    public const string MeterName = "OrleansWorkflows";

    private static readonly Meter Meter = new(MeterName, typeof(GatewayMetrics).Assembly.GetName().Version?.ToString());

    private static readonly Counter<long> Requests = Meter.CreateCounter<long>(
        "orleansworkflows.gateway.requests", "{request}", "HTTP requests to the workflow endpoints, by method, route template and status code.");

    private static readonly Counter<long> Errors = Meter.CreateCounter<long>(
        "orleansworkflows.gateway.errors", "{request}", "HTTP requests to the workflow endpoints answered with a server error (5xx, 503 during an outage among them), by route template and status code.");

    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
        "orleansworkflows.gateway.request.duration", "s", "Time to answer an HTTP request to the workflow endpoints, by method and route template.");

    /// <summary>Counts every request that passes (also those refused for a missing key).</summary>
    public static IApplicationBuilder UseGatewayMetrics(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (!Requests.Enabled && !Duration.Enabled)
        {
            await next(http);
            return;
        }

        var began = Stopwatch.GetTimestamp();
        var failed = false;
        try
        {
            await next(http);
        }
        catch
        {
            failed = true;
            throw;
        }
        finally
        {
            Record(http, began, failed);
        }
    });

    private static void Record(HttpContext http, long began, bool failed)
    {
        var status = failed ? StatusCodes.Status500InternalServerError : http.Response.StatusCode;
        var route = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(unmatched)";
        var method = new KeyValuePair<string, object?>("method", http.Request.Method);
        var routeTag = new KeyValuePair<string, object?>("route", route);
        var statusTag = new KeyValuePair<string, object?>("status_code", status.ToString(CultureInfo.InvariantCulture));
        Requests.Add(1, method, routeTag, statusTag);
        Duration.Record(Stopwatch.GetElapsedTime(began).TotalSeconds, method, routeTag);
        if (status >= 500)
        {
            Errors.Add(1, routeTag, statusTag);
        }
    }
}
