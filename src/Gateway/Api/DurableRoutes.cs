namespace OrleansWorkflows.Gateway.Api;

/// <summary>The Durable Functions HTTP API paths and the absolute URLs built from the incoming request.</summary>
internal static class DurableRoutes
{
    public const string BasePath = "/runtime/webhooks/durabletask";

    /// <summary>The status URL of an instance, with the authority of <paramref name="request"/>.</summary>
    public static string InstanceUri(HttpRequest request, string instanceId) =>
        $"{request.Scheme}://{request.Host}{request.PathBase}{BasePath}/instances/{Uri.EscapeDataString(instanceId)}";

    /// <summary>The full URL of <paramref name="request"/> itself, query included.</summary>
    public static string RequestUri(HttpRequest request) =>
        $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}{request.QueryString}";
}
