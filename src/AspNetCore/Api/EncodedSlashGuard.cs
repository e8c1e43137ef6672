namespace OrleansWorkflows.Gateway.Api;

/// <summary>
/// ASP.NET Core decodes every percent-escape of a path except <c>%2F</c>, so an instance id sent as <c>a%2Fb</c> would
/// reach the endpoints as the text <c>a%2Fb</c> and start an instance nobody asked for. This reads it as the '/' the
/// caller meant, which instance ids must not contain: 400 with the id rule, before any endpoint runs.
/// </summary>
internal static class EncodedSlashGuard
{
    private const string EncodedSlash = "%2F";

    public static IApplicationBuilder UseEncodedSlashGuard(this IApplicationBuilder app) => app.Use((http, next) =>
        http.Request.RouteValues["instanceId"] is string id && id.Contains(EncodedSlash, StringComparison.OrdinalIgnoreCase)
            ? Problems.BadRequest($"{InstanceIds.Validate(id.Replace(EncodedSlash, "/", StringComparison.OrdinalIgnoreCase))} ('{EncodedSlash}' in the URL is '/'.)").ExecuteAsync(http)
            : next(http));
}
