namespace OrleansWorkflows.Gateway.Api;

/// <summary>The Durable Functions HTTP API paths and the absolute URLs built from the incoming request.</summary>
internal static class DurableRoutes
{
    public const string BasePath = "/runtime/webhooks/durabletask";

    /// <summary>The status URL of an instance, with the authority of <paramref name="request"/>.</summary>
    public static string InstanceUri(HttpRequest request, string instanceId) =>
        $"{request.Scheme}://{request.Host}{request.PathBase}{RoutePrefix(request)}{BasePath}/instances/{Uri.EscapeDataString(instanceId)}";

    /// <summary>The route prefix the endpoints are mapped under (<see cref="WorkflowEndpointsOptions.RoutePrefix"/>).</summary>
    private static string RoutePrefix(HttpRequest request) =>
        request.HttpContext.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<WorkflowEndpointsOptions>>().Value.RoutePrefix;

    /// <summary>
    /// <paramref name="uri"/> with the API key of <paramref name="request"/> when it came as <c>code=</c>, so that a
    /// client following the URLs of a response (pollers follow <c>Location</c> blindly) keeps being let in.
    /// </summary>
    public static string WithKeyOf(HttpRequest request, string uri)
    {
        var code = request.Query[Hosting.GatewayAccessExtensions.KeyQueryParameter].ToString();
        return code.Length == 0
            ? uri
            : $"{uri}{(uri.Contains('?', StringComparison.Ordinal) ? '&' : '?')}{Hosting.GatewayAccessExtensions.KeyQueryParameter}={Uri.EscapeDataString(code)}";
    }

    /// <summary>The full URL of <paramref name="request"/> itself, query included.</summary>
    public static string RequestUri(HttpRequest request) =>
        $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}{request.QueryString}";
}
