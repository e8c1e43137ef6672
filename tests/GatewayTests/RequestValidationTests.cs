using System.Net;
using System.Text;

namespace OrleansWorkflows.GatewayTests;

/// <summary>Bad requests get problem details with 400/404/405/413, never 500.</summary>
public sealed class RequestValidationTests(GatewayFactory factory) : IClassFixture<GatewayFactory>
{
    private readonly HttpClient _http = factory.CreateClient();

    [Fact]
    public async Task Start_InvalidJsonBody_Returns400()
    {
        using var response = await _http.StartAsync("HelloSequence", json: "{not json");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Start_UnknownOrchestrator_Returns400()
    {
        using var response = await _http.StartAsync("NoSuchOrchestration");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("@entity-like")]
    [InlineData("300")]
    public async Task Start_InvalidInstanceId_Returns400(string id)
    {
        using var response = await _http.StartAsync("HelloSequence", id == "300" ? new string('x', 300) : id);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Start_BodyOverOneMebibyte_Returns413()
    {
        var oversized = $"\"{new string('a', (1024 * 1024) + 16)}\"";

        using var response = await _http.StartAsync("HelloSequence", json: oversized);

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [InlineData("DELETE", "/orchestrators/HelloSequence")]
    [InlineData("PUT", "/instances/some-id")]
    [InlineData("GET", "/instances/some-id/raiseEvent/Approval")]
    public async Task WrongMethod_Returns404Or405(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), DurableApi.BasePath + path);

        using var response = await _http.SendAsync(request);

        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.NotFound, HttpStatusCode.MethodNotAllowed });
    }

    [Fact]
    public async Task UnknownRoute_Returns404()
    {
        using var response = await _http.GetAsync(new Uri($"{DurableApi.BasePath}/no/such/route", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheRoutes()
    {
        using var response = await _http.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paths = (await response.ReadJsonAsync()).GetProperty("paths");
        Assert.True(paths.TryGetProperty($"{DurableApi.BasePath}/orchestrators/{{name}}", out _));
        Assert.True(paths.TryGetProperty($"{DurableApi.BasePath}/instances/{{instanceId}}", out _));
    }

    [Fact]
    public async Task RaiseEvent_WithoutJsonContentType_Returns400()
    {
        using var content = new StringContent("true", Encoding.UTF8, "text/plain");

        using var response = await _http.PostAsync(new Uri($"{DurableApi.BasePath}/instances/any-id/raiseEvent/Approval", UriKind.Relative), content);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task RaiseEvent_InvalidJson_Returns400()
    {
        using var response = await _http.RaiseEventAsync("any-id", "Approval", "{oops");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }
}
