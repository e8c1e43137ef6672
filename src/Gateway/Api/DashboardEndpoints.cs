using System.Collections.Frozen;

namespace OrleansWorkflows.Gateway.Api;

/// <summary>
/// Serves the web dashboard (<c>/dashboard/</c>): static HTML, CSS and JavaScript embedded in the gateway assembly, which
/// call the HTTP API like any other client. Embedded, so it works the same under <c>dotnet run</c>, published and in tests.
/// </summary>
internal static class DashboardEndpoints
{
    public const string Path = "/dashboard";
    private const string ResourcePrefix = "Dashboard/";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        // Also matches /dashboard, which is redirected to /dashboard/ so that the page's relative URLs resolve.
        app.MapGet(Path + "/{file?}", Serve).ExcludeFromDescription();
        return app;
    }

    private static IResult Serve(string? file, HttpRequest request)
    {
        if (file is null && !request.Path.Value!.EndsWith('/'))
        {
            return TypedResults.Redirect($"{request.PathBase}{Path}/");
        }

        var name = string.IsNullOrEmpty(file) ? "index.html" : file;
        var stream = typeof(DashboardEndpoints).Assembly.GetManifestResourceStream(ResourcePrefix + name);
        if (stream is null || !ContentTypes.TryGetValue(System.IO.Path.GetExtension(name), out var contentType))
        {
            stream?.Dispose();
            return Problems.NotFound($"The dashboard has no file '{name}'.");
        }

        return TypedResults.Stream(stream, contentType);
    }
}
