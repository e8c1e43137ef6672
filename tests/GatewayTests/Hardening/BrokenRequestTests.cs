using System.Net;
using System.Text;

namespace OrleansWorkflows.GatewayTests.Hardening;

/// <summary>
/// A client's broken or slow request is the client's fault, answered 400 or 408 — never 500, and never 503 "cluster
/// could not be reached" (Kestrel's bad-request exception is an <see cref="IOException"/>, which is not a cluster error).
/// Request-id headers the server could not echo (not ASCII) are ignored, not answered with 500.
/// </summary>
public sealed class BrokenRequestTests(KestrelGatewayFactory factory) : IClassFixture<KestrelGatewayFactory>
{
    private const string Start = DurableApi.BasePath + "/orchestrators/HelloSequence";

    [Theory]
    [InlineData("zz\r\n\"x\"\r\n0\r\n\r\n")]
    [InlineData("3\r\n\"x\"XX\r\n0\r\n\r\n")]
    [InlineData("ffffffffffffffffff\r\n\"x\"\r\n0\r\n\r\n")]
    public async Task MalformedChunkedBody_Returns400(string chunks)
    {
        var head = RawHttp.Head("POST", Start, ["Content-Type: application/json", "Transfer-Encoding: chunked"]);

        var (status, text) = await RawHttp.SendAsync(factory.Port, head, [Encoding.ASCII.GetBytes(chunks)]);

        Assert.True(status == 400, $"expected 400, got: {text}");
    }

    [Fact]
    public async Task StalledBody_Returns408()
    {
        var head = RawHttp.Head("POST", Start, ["Content-Type: application/json", "Content-Length: 100"]);

        var (status, text) = await RawHttp.SendAsync(factory.Port, head, ["[1,"u8.ToArray()]);

        Assert.True(status == 408, $"expected 408, got: {text}");
    }

    [Fact]
    public async Task TooSlowBody_Returns408()
    {
        var head = RawHttp.Head("POST", $"{DurableApi.BasePath}/entities/Counter/slow?op=Add", ["Content-Type: application/json", "Content-Length: 40"]);
        var drops = Enumerable.Range(0, 40).Select(_ => " "u8.ToArray()).ToList();

        var (status, text) = await RawHttp.SendAsync(factory.Port, head, drops, pause: TimeSpan.FromMilliseconds(250));

        Assert.True(status == 408, $"expected 408, got: {text}");
    }

    [Fact]
    public async Task BodyCutShort_ByTheClient_IsNotAnswered503()
    {
        var head = RawHttp.Head("POST", Start, ["Content-Type: application/json", "Content-Length: 100"]);

        var (status, text) = await RawHttp.SendAsync(factory.Port, head, ["[1,"u8.ToArray()], closeAfter: true);

        Assert.True(status is 0 or 400, $"expected 400 or no answer, got: {text}");
    }

    [Theory]
    [InlineData("x-ms-request-id")]
    [InlineData("x-ms-client-request-id")]
    [InlineData("Request-Id")]
    [InlineData("x-request-id")]
    public async Task NonAsciiRequestIdHeader_IsIgnored_OnEveryRoute(string header)
    {
        foreach (var target in new[] { "/healthz", "/readyz", $"{DurableApi.BasePath}/instances/nobody", $"{DurableApi.BasePath}/instances" })
        {
            var head = RawHttp.Head("GET", target, [], Encoding.UTF8.GetBytes($"{header}: caf\u00e9-\u4e2d-\U0001F600"));

            var (status, text) = await RawHttp.SendAsync(factory.Port, head, []);

            Assert.True(status is 200 or 404, $"{target}: expected 200/404, got: {text}");
            Assert.Contains("x-ms-request-id: ", text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Latin1RequestIdHeader_IsIgnored()
    {
        var head = RawHttp.Head("GET", "/healthz", [], [.. "x-ms-request-id: caf"u8.ToArray(), 0xE9]);

        var (status, text) = await RawHttp.SendAsync(factory.Port, head, []);

        Assert.True(status is 200 or 400, $"expected 200 (or 400 from Kestrel for invalid bytes), got: {text}");
    }

    [Theory]
    [InlineData("/orchestrators/HelloSequence?timeout=abc", "POST")]
    [InlineData("/orchestrators/HelloSequence?pollingInterval=0x10&timeout=1", "POST")]
    [InlineData("/instances/any-id?showHistory=yes", "GET")]
    [InlineData("/instances/any-id?showInput=", "GET")]
    public async Task QueryValueThatDoesNotBind_Returns400(string pathAndQuery, string method)
    {
        using var http = factory.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), DurableApi.BasePath + pathAndQuery);

        using var response = await http.SendAsync(request);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task StartWithJsonBody_OverKestrel_StillWorks()
    {
        using var http = factory.CreateClient();

        using var response = await http.StartAsync("HelloSequence", json: "\"ok\"");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }
}
