using System.Net;

namespace OrleansWorkflows.GatewayTests.Access;

/// <summary>A gateway that allows one browser origin (<c>Gateway:Cors:AllowedOrigins</c>).</summary>
public sealed class CorsGatewayFactory : GatewayFactory
{
    public const string Origin = "https://app.example.com";

    protected override IEnumerable<(string Key, string Value)> Settings => [("Gateway:Cors:AllowedOrigins:0", Origin)];
}

/// <summary>CORS is off unless origins are configured; then only those get CORS headers.</summary>
public sealed class CorsTests(GatewayFactory plain, CorsGatewayFactory cors) : IClassFixture<GatewayFactory>, IClassFixture<CorsGatewayFactory>
{
    [Fact]
    public async Task Default_NoCorsHeaders_EvenForPreflight()
    {
        var (get, preflight) = await SendAsync(plain, CorsGatewayFactory.Origin);

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.False(get.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Configured_AllowedOrigin_GetsCorsHeaders()
    {
        var (get, preflight) = await SendAsync(cors, CorsGatewayFactory.Origin);

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(CorsGatewayFactory.Origin, get.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("x-ms-continuation-token", get.Headers.GetValues("Access-Control-Expose-Headers").Single(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.NoContent, preflight.StatusCode);
        Assert.Equal(CorsGatewayFactory.Origin, preflight.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task Configured_OtherOrigin_GetsNoCorsHeaders()
    {
        var (get, preflight) = await SendAsync(cors, "https://evil.example.com");

        Assert.False(get.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Origin"));
    }

    /// <summary>A GET and a preflight from <paramref name="origin"/>.</summary>
    private static async Task<(HttpResponseMessage Get, HttpResponseMessage Preflight)> SendAsync(GatewayFactory factory, string origin)
    {
        var http = factory.CreateClient();
        return (await http.SendAsync(Request(HttpMethod.Get, origin)), await http.SendAsync(Preflight(origin)));
    }

    private static HttpRequestMessage Request(HttpMethod method, string origin)
    {
        var request = new HttpRequestMessage(method, new Uri($"{DurableApi.BasePath}/instances?top=1", UriKind.Relative));
        request.Headers.Add("Origin", origin);
        return request;
    }

    private static HttpRequestMessage Preflight(string origin)
    {
        var request = Request(HttpMethod.Options, origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type,x-functions-key");
        return request;
    }
}
