using System.Net;

namespace OrleansWorkflows.GatewayTests;

/// <summary>The interactive API page at /api-docs/ and its script come from the gateway itself (no CDN: works offline).</summary>
public sealed class ApiDocsTests(GatewayFactory factory) : IClassFixture<GatewayFactory>
{
    private readonly HttpClient _http = factory.CreateClient();

    [Fact]
    public async Task ApiDocs_PageLoadsScalarFromTheGatewayAndTheOpenApiDocument()
    {
        using var response = await _http.GetAsync(new Uri("/api-docs/", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("'assets/scalar.js'", html, StringComparison.Ordinal);
        Assert.Contains("'../openapi/v1.json'", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiDocs_ScriptIsServedFromThePackage()
    {
        using var response = await _http.GetAsync(new Uri("/api-docs/assets/scalar.js", UriKind.Relative));
        var script = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("javascript", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Contains("createApiReference", script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_LinksToTheApiPage()
    {
        var html = await _http.GetStringAsync(new Uri("/dashboard/", UriKind.Relative));

        Assert.Contains("href=\"../api-docs/\"", html, StringComparison.Ordinal);
    }
}
