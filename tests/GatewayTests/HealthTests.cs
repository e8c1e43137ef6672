using System.Net;

namespace OrleansWorkflows.GatewayTests;

/// <summary><c>/healthz</c> (liveness) and <c>/readyz</c> (the engine answers) with JSON bodies.</summary>
public sealed class HealthTests(GatewayFactory factory) : IClassFixture<GatewayFactory>
{
    [Theory]
    [InlineData("/healthz", "Healthy")]
    [InlineData("/readyz", "Ready")]
    public async Task Probe_ClusterUp_Answers200Json(string path, string status)
    {
        using var response = await factory.CreateClient().GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(status, (await response.ReadJsonAsync()).GetProperty("status").GetString());
    }
}
