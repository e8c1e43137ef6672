using System.Net;

namespace OrleansWorkflows.GatewayTests.Telemetry;

/// <summary>Prometheus scrapes the engine's and the endpoints' metrics at <c>/metrics</c>, behind the API key when keys are on.</summary>
public sealed class MetricsEndpointTests(MetricsEndpointTests.KeyedFactory factory) : IClassFixture<MetricsEndpointTests.KeyedFactory>
{
    private const string Key = "metrics-key";
    private readonly HttpClient _http = factory.CreateClient();

    [Fact]
    public async Task Metrics_WithoutKey_Answers401()
    {
        using var response = await _http.GetAsync(new Uri("/metrics", UriKind.Relative));

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Metrics_WithKey_ServesTheEngineAndGatewayMetricsInPrometheusFormat()
    {
        _http.DefaultRequestHeaders.Add("x-functions-key", Key);
        var id = await _http.StartInstanceAsync("HelloSequence");
        await _http.WaitForStatusAsync(id, s => s.GetProperty("runtimeStatus").GetString() == "Completed");

        var body = await Eventually.ValueAsync(
            async () =>
            {
                using var response = await _http.GetAsync(new Uri("/metrics", UriKind.Relative));
                var text = await response.Content.ReadAsStringAsync();
                var holds = response.StatusCode == HttpStatusCode.OK
                    && text.Contains("orleansworkflows_instances_ended_total{", StringComparison.Ordinal)
                    && text.Contains("orleansworkflows_gateway_requests_total{", StringComparison.Ordinal);
                return (holds, text, $"{(int)response.StatusCode}: {text.Length} characters");
            },
            DurableApi.DefaultDeadline,
            "the scrape to show the instance and the requests");

        Assert.Contains("name=\"HelloSequence\"", body, StringComparison.Ordinal);
        Assert.Contains("status=\"Completed\"", body, StringComparison.Ordinal);
        Assert.Contains("orleansworkflows_activity_duration_seconds_bucket{", body, StringComparison.Ordinal);
        Assert.Contains("orchestrators/{name}\"", body, StringComparison.Ordinal); // the route template, not the path
    }

    /// <summary>A gateway with one API key.</summary>
    public sealed class KeyedFactory : GatewayFactory
    {
        protected override IEnumerable<(string Key, string Value)> Settings => [("Gateway:ApiKey", Key)];
    }
}
