using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using OrleansWorkflows.Gateway.Hosting;

namespace OrleansWorkflows.GatewayTests;

/// <summary>The gateway as an Orleans client (<c>Cluster:Gateways</c>) of another host's silo.</summary>
public sealed class ClientModeTests(GatewayFactory cluster) : IClassFixture<GatewayFactory>
{
    [Fact]
    public async Task ClientMode_StartsAndCompletesOnTheRemoteSilo()
    {
        using var clusterHttp = cluster.CreateClient();
        using var clientGateway = ClientGateway();
        using var http = clientGateway.CreateClient();

        using var response = await http.StartAsync("HelloSequence", query: "?timeout=30&pollingInterval=0.1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, (await response.ReadJsonAsync()).GetArrayLength());
    }

    [Fact]
    public async Task ClientMode_StartWithTimeout_AnsweredWhenTheInstanceFinishesOnTheRemoteSilo()
    {
        using var clusterHttp = cluster.CreateClient();
        using var clientGateway = ClientGateway();
        using var http = clientGateway.CreateClient();

        await StartOrchestrationTests.AssertWaitIsAnsweredWhenTheInstanceFinishesAsync(http);
    }

    [Fact]
    public void ParseGateways_CommaSeparatedHostPorts_ResolvesEach()
    {
        var endpoints = BackendSettings.ParseGateways(" 127.0.0.1:30000, localhost:30001 ,[::1]:30002");

        Assert.Equal(["127.0.0.1:30000", "127.0.0.1:30001", "[::1]:30002"], endpoints.Select(e => e.ToString()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void ParseGateways_Empty_MeansEmbeddedSilo(string? value)
    {
        Assert.Empty(BackendSettings.ParseGateways(value));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:notaport")]
    [InlineData(":30000")]
    [InlineData("127.0.0.1:70000")]
    public void ParseGateways_Malformed_ThrowsWithTheEntry(string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => BackendSettings.ParseGateways(value));

        Assert.Contains(value, error.Message, StringComparison.Ordinal);
    }

    /// <summary>A second gateway, an Orleans client of the <see cref="GatewayFactory"/>'s silo (started by its first request).</summary>
    private WebApplicationFactory<Program> ClientGateway()
    {
        var endpoint = string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{cluster.OrleansGatewayPort}");
        return new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseSetting("Cluster:Gateways", endpoint)
            .UseSetting("Logging:LogLevel:Default", "Warning"));
    }
}
