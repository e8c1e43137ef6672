using System.Net;
using System.Text.Json;

namespace OrleansWorkflows.GatewayTests.Library;

/// <summary>
/// <c>RoutePrefix</c>: every endpoint of the library — the HTTP API, the HTTP-start route, the pages, the OpenAPI
/// document and the probes — answers under the prefix, the URLs it hands out carry it, and nothing is left at the root.
/// </summary>
public sealed class RoutePrefixTests(RoutePrefixTests.PrefixedApp fixture) : IClassFixture<RoutePrefixTests.PrefixedApp>
{
    private const string Prefix = "/workflows";

    [Fact]
    public async Task Start_UnderThePrefix_CompletesAndEveryUrlOfThePayloadCarriesThePrefix()
    {
        var app = fixture.App;

        using var response = await app.Http.PostAsync(new Uri($"{Prefix}/runtime/webhooks/durabletask/orchestrators/HelloSequence", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var payload = await response.ReadJsonAsync();
        var uris = payload.EnumerateObject().Where(p => p.Name != "id").Select(p => new Uri(p.Value.GetString()!)).ToList();
        Assert.Equal(7, uris.Count);
        Assert.All(uris, uri => Assert.StartsWith($"{Prefix}/runtime/webhooks/durabletask/instances/", uri.AbsolutePath, StringComparison.Ordinal));
        Assert.StartsWith($"{Prefix}/runtime/webhooks/durabletask/instances/", response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);

        // The status URL handed out answers, and ends with the orchestration's output.
        var status = await Eventually.ValueAsync(
            async () =>
            {
                using var poll = await app.Http.GetAsync(new Uri(response.Headers.Location.PathAndQuery, UriKind.Relative));
                var body = await poll.Content.ReadAsStringAsync();
                return (poll.StatusCode == HttpStatusCode.OK, body, $"{(int)poll.StatusCode} {body}");
            },
            DurableApi.DefaultDeadline,
            "the instance completing",
            DurableApi.PollInterval);
        Assert.Equal("""["Hello Tokyo!","Hello Seattle!","Hello London!"]""", JsonDocument.Parse(status).RootElement.GetProperty("output").GetRawText());
    }

    [Theory]
    [InlineData("POST", "/api/orchestrators/HelloSequence", HttpStatusCode.Accepted)]
    [InlineData("GET", "/runtime/webhooks/durabletask/instances", HttpStatusCode.OK)]
    [InlineData("GET", "/dashboard/", HttpStatusCode.OK)]
    [InlineData("GET", "/dashboard/dashboard.js", HttpStatusCode.OK)]
    [InlineData("GET", "/api-docs/", HttpStatusCode.OK)]
    [InlineData("GET", "/api-docs/assets/scalar.js", HttpStatusCode.OK)]
    [InlineData("GET", "/openapi/v1.json", HttpStatusCode.OK)]
    [InlineData("GET", "/healthz", HttpStatusCode.OK)]
    [InlineData("GET", "/readyz", HttpStatusCode.OK)]
    public async Task Endpoint_AnswersUnderThePrefix_AndNotAtTheRoot(string method, string path, HttpStatusCode expected)
    {
        var app = fixture.App;

        using var prefixedRequest = new HttpRequestMessage(new HttpMethod(method), new Uri(Prefix + path, UriKind.Relative));
        using var rootRequest = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        using var prefixed = await app.Http.SendAsync(prefixedRequest);
        using var root = await app.Http.SendAsync(rootRequest);

        Assert.Equal(expected, prefixed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, root.StatusCode);
    }

    [Fact]
    public async Task Dashboard_WithoutSlash_RedirectsUnderThePrefix_AndItsLinksStayRelative()
    {
        var app = fixture.App;

        using var redirect = await app.Http.GetAsync(new Uri($"{Prefix}/dashboard?x=1", UriKind.Relative));
        var html = await app.Http.GetStringAsync(new Uri($"{Prefix}/dashboard/", UriKind.Relative));
        var script = await app.Http.GetStringAsync(new Uri($"{Prefix}/dashboard/dashboard.js", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal($"{Prefix}/dashboard/?x=1", redirect.Headers.Location!.OriginalString);
        Assert.Contains("href=\"../api-docs/\"", html, StringComparison.Ordinal);
        Assert.Contains("new URL('../runtime/webhooks/durabletask/', document.baseURI)", script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApiDocument_ListsTheRoutesWithThePrefix()
    {
        var app = fixture.App;

        using var document = JsonDocument.Parse(await app.Http.GetStringAsync(new Uri($"{Prefix}/openapi/v1.json", UriKind.Relative)));

        var paths = document.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains($"{Prefix}/runtime/webhooks/durabletask/orchestrators/{{name}}", paths);
        Assert.Contains($"{Prefix}/runtime/webhooks/durabletask/instances/{{instanceId}}", paths);
    }

    /// <summary>One app with a silo and the endpoints under <see cref="Prefix"/>, shared by the tests of the class.</summary>
    public sealed class PrefixedApp : IAsyncLifetime
    {
        private LibraryApp? _app;

        internal LibraryApp App => _app ?? throw new InvalidOperationException("Not started.");

        public async Task InitializeAsync() => _app = await LibraryApp.StartWithSiloAsync(o => o.RoutePrefix = Prefix);

        public async Task DisposeAsync()
        {
            if (_app is not null)
            {
                await _app.DisposeAsync();
            }
        }
    }
}
