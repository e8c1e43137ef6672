using System.Collections.Frozen;
using System.Text.RegularExpressions;
using Scalar.AspNetCore;

namespace OrleansWorkflows.Gateway.Api;

/// <summary>
/// Serves the web pages of the endpoints, static files embedded in this assembly (so they work the same in any app,
/// under any route prefix, published and in tests: they use relative URLs only) that call the HTTP API like any other
/// client: the dashboard (<c>/dashboard/</c>, folder <c>Dashboard/</c>) and the interactive API reference
/// (<c>/api-docs/</c>, folder <c>ApiDocs/</c>, which loads Scalar's script from <c>/api-docs/assets/</c>, served from
/// the Scalar.AspNetCore assembly: no CDN). A page opened with an API key (<c>?code=</c>) gets it appended to its relative links, so its
/// stylesheet, script and links are let in too.
/// </summary>
internal static partial class DashboardEndpoints
{
    public const string Path = "/dashboard";
    public const string ApiDocsPath = "/api-docs";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        MapFolder(app, Path, "Dashboard/");
        return app;
    }

    public static IEndpointRouteBuilder MapApiReference(this IEndpointRouteBuilder app)
    {
        MapFolder(app, ApiDocsPath, "ApiDocs/");
        app.MapScalarApiReference(ApiDocsPath + "/assets", options =>
        {
            options.DefaultFonts = false;
            options.Telemetry = false;
        }).ExcludeFromDescription();
        return app;
    }

    /// <summary>Also matches the path without a slash, which is redirected (query kept) so that relative URLs resolve.</summary>
    private static void MapFolder(IEndpointRouteBuilder app, string path, string resourcePrefix) =>
        app.MapGet(path + "/{file?}", (string? file, HttpRequest request) => Serve(path, resourcePrefix, file, request)).ExcludeFromDescription();

    private static IResult Serve(string path, string resourcePrefix, string? file, HttpRequest request)
    {
        if (file is null && !request.Path.Value!.EndsWith('/'))
        {
            return TypedResults.Redirect($"{request.PathBase}{request.Path}/{request.QueryString}");
        }

        var name = string.IsNullOrEmpty(file) ? "index.html" : file;
        var stream = typeof(DashboardEndpoints).Assembly.GetManifestResourceStream(resourcePrefix + name);
        if (stream is null || !ContentTypes.TryGetValue(System.IO.Path.GetExtension(name), out var contentType))
        {
            stream?.Dispose();
            return Problems.NotFound($"There is no file '{name}' under {path}/.");
        }

        var key = request.Query[Hosting.GatewayAccessExtensions.KeyQueryParameter].ToString();
        if (key.Length == 0 || !name.EndsWith(".html", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Stream(stream, contentType);
        }

        using var reader = new StreamReader(stream);
        var html = RelativeLink().Replace(reader.ReadToEnd(), m => $"{m.Groups[1].Value}=\"{DurableRoutes.WithKeyOf(request, m.Groups[2].Value)}\"");
        return TypedResults.Content(html, contentType);
    }

    /// <summary>An <c>href</c> or <c>src</c> attribute with a relative URL (no scheme, no fragment).</summary>
    [GeneratedRegex("""\b(href|src)="([^":#]+)"(?=[\s>])""")]
    private static partial Regex RelativeLink();
}
