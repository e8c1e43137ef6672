using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace OrleansWorkflows.GatewayTests.Failover;

/// <summary>
/// A client-mode gateway whose cluster goes away: requests are retried until <c>Gateway:RetryDeadline</c> (short here),
/// then answered 503 with <c>Retry-After</c>; <c>/readyz</c> says 503, <c>/healthz</c> still 200.
/// </summary>
public sealed class ClusterUnavailableTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task ClusterGone_RequestsAnswer503WithRetryAfter_AfterTheDeadline_AndReadinessFails()
    {
        var cluster = new GatewayFactory();
        using var clusterHttp = cluster.CreateClient();
        var endpoint = string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{cluster.OrleansGatewayPort}");
        using var gateway = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseSetting("Cluster:Gateways", endpoint)
            .UseSetting("Gateway:RetryDeadline", Deadline.ToString())
            .UseSetting("Gateway:ReadinessTimeout", "00:00:01")
            .UseSetting("Logging:LogLevel:Default", "Critical"));
        using var http = gateway.CreateClient();
        using (var ready = await http.GetAsync(new Uri("/readyz", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        await cluster.DisposeAsync();

        var clock = Stopwatch.StartNew();
        using var start = await http.StartAsync("HelloSequence");
        var took = clock.Elapsed;
        await start.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(start.Headers.RetryAfter?.Delta);
        Assert.InRange(took, TimeSpan.Zero, Deadline + TimeSpan.FromSeconds(10));
        using var status = await http.GetStatusAsync("any-instance");
        await status.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);

        using var readiness = await http.GetAsync(new Uri("/readyz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, readiness.StatusCode);
        Assert.NotNull(readiness.Headers.RetryAfter?.Delta);
        Assert.Equal("Unavailable", (await readiness.ReadJsonAsync()).GetProperty("status").GetString());
        using var liveness = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, liveness.StatusCode);
    }
}
