using System.Net;
using System.Text.Json;

namespace OrleansWorkflows.GatewayTests.Access;

/// <summary>With API keys configured every route but the probes needs one (<c>code</c> or <c>x-functions-key</c>).</summary>
public sealed class ApiKeyTests(KeyedGatewayFactory factory) : IClassFixture<KeyedGatewayFactory>
{
    private static readonly string Code = $"code={Uri.EscapeDataString(KeyedGatewayFactory.Key)}";
    private readonly HttpClient _http = factory.CreateClient();

    [Theory]
    [InlineData("GET", "/runtime/webhooks/durabletask/instances")]
    [InlineData("POST", "/runtime/webhooks/durabletask/orchestrators/HelloSequence")]
    [InlineData("POST", "/api/orchestrators/HelloSequence")]
    [InlineData("GET", "/runtime/webhooks/durabletask/entities/Counter/c1")]
    [InlineData("GET", "/dashboard/")]
    [InlineData("GET", "/dashboard/dashboard.js")]
    [InlineData("GET", "/dashboard/api/instances")]
    [InlineData("GET", "/dashboard/api/cluster")]
    [InlineData("GET", "/api-docs/")]
    [InlineData("GET", "/api-docs/assets/scalar.js")]
    [InlineData("GET", "/openapi/v1.json")]
    [InlineData("GET", "/no/such/route")]
    public async Task Request_WithoutKey_Answers401Problem(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        using var response = await _http.SendAsync(request);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("x-functions-key", (await response.ReadJsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("?code=wrong")]
    [InlineData("?code=key-on")]
    [InlineData("?code=key-one-and-more")]
    [InlineData("?code=")]
    public async Task Request_WithWrongKey_Answers401(string query)
    {
        using var response = await _http.GetAsync(new Uri($"{DurableApi.BasePath}/instances{query}", UriKind.Relative));

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData(KeyedGatewayFactory.Key)]
    [InlineData("key-two")]
    [InlineData("key three")]
    public async Task Request_WithAnyConfiguredKey_InQueryOrHeader_IsServed(string key)
    {
        using var byQuery = await _http.GetAsync(new Uri($"{DurableApi.BasePath}/instances?code={Uri.EscapeDataString(key)}", UriKind.Relative));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"{DurableApi.BasePath}/instances", UriKind.Relative));
        request.Headers.Add("x-functions-key", key);
        using var byHeader = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, byQuery.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byHeader.StatusCode);
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    public async Task Probes_NeedNoKey(string path)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/runtime/webhooks/durabletask/orchestrators/HelloSequence")]
    [InlineData("/api/orchestrators/HelloSequence")]
    public async Task Start_WithCodeQuery_EveryPayloadUriAndLocationCarryTheKey(string path)
    {
        using var response = await _http.PostAsync(new Uri($"{path}?{Code}", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var payload = await response.ReadJsonAsync();
        var uris = payload.EnumerateObject().Where(p => p.Name != "id").Select(p => p.Value.GetString()!).ToList();
        Assert.Equal(7, uris.Count);
        Assert.All(uris, uri => Assert.Contains(Code, uri, StringComparison.Ordinal));
        Assert.Contains(Code, response.Headers.Location!.ToString(), StringComparison.Ordinal);

        // A poller that follows Location blindly is let in and ends with the result.
        var id = payload.GetProperty("id").GetString()!;
        await _http.WaitForFinishedAsync(id, "?" + Code);
        using var followed = await _http.GetAsync(response.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, followed.StatusCode);
    }

    [Fact]
    public async Task Start_WithKeyHeader_PayloadUrisCarryNoKey()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"{DurableApi.BasePath}/orchestrators/HelloSequence", UriKind.Relative));
        request.Headers.Add("x-functions-key", KeyedGatewayFactory.Key);
        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.DoesNotContain("code=", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_WithCode_PassesTheKeyToItsFilesAndLinks()
    {
        using var response = await _http.GetAsync(new Uri($"/dashboard/?{Code}", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"src=\"dashboard.js?{Code}\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"dashboard.css?{Code}\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"../api-docs/?{Code}\"", html, StringComparison.Ordinal);
        using var script = await _http.GetAsync(new Uri($"/dashboard/dashboard.js?{Code}", UriKind.Relative));
        Assert.Contains("x-functions-key", await script.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApiDocument_DeclaresTheKeyHeader()
    {
        using var document = JsonDocument.Parse(await _http.GetStringAsync(new Uri($"/openapi/v1.json?{Code}", UriKind.Relative)));

        var scheme = document.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("functionsKey");
        Assert.Equal("apiKey", scheme.GetProperty("type").GetString());
        Assert.Equal("header", scheme.GetProperty("in").GetString());
        Assert.Equal("x-functions-key", scheme.GetProperty("name").GetString());
    }
}
