using OrleansWorkflows.Gateway.Api;

namespace OrleansWorkflows.Gateway.Hosting;

/// <summary>
/// Who may call the workflow endpoints and what every request carries: API keys (required on every path under the
/// route prefix when configured, except the health probes), the request id, and the <c>%2F</c> check of instance ids.
/// </summary>
internal static class GatewayAccessExtensions
{
    public const string KeyQueryParameter = "code";
    public const string KeyHeader = "x-functions-key";

    /// <summary>
    /// The key check, the request id and the id check for requests under <paramref name="prefix"/> (every request when
    /// it is empty). Paths served without a key: the liveness and readiness probes, which orchestrators (Kubernetes,
    /// load balancers) call without credentials and which reveal nothing but "up" or "not ready".
    /// </summary>
    public static IApplicationBuilder UseWorkflowAccess(this IApplicationBuilder app, PathString prefix, ApiKeys keys)
    {
        PathString[] open = [prefix.Add(HealthEndpoints.LivePath), prefix.Add(HealthEndpoints.ReadyPath)];
        if (!prefix.HasValue)
        {
            return Use(app);
        }

        return app.UseWhen(http => http.Request.Path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase), branch => Use(branch));

        IApplicationBuilder Use(IApplicationBuilder pipeline)
        {
            pipeline.UseGatewayMetrics();
            if (keys.Required)
            {
                pipeline.Use((http, next) => IsOpen(http.Request.Path) || keys.Accepts(KeyOf(http.Request)) ? next(http) : RefuseAsync(http));
            }

            pipeline.UseRequestIds();
            pipeline.UseEncodedSlashGuard();
            return pipeline;
        }

        bool IsOpen(PathString path) => Array.Exists(open, o => path.Equals(o, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The key a request carries: the <c>code</c> query parameter, else the <c>x-functions-key</c> header.</summary>
    public static string? KeyOf(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var code = request.Query[KeyQueryParameter].ToString();
        return code.Length > 0 ? code : request.Headers[KeyHeader].ToString();
    }

    private static Task RefuseAsync(HttpContext http) => TypedResults.Problem(
        statusCode: StatusCodes.Status401Unauthorized,
        title: "Unauthorized",
        detail: $"A valid API key is required: pass it as the '{KeyQueryParameter}' query parameter or the '{KeyHeader}' header.").ExecuteAsync(http);
}
