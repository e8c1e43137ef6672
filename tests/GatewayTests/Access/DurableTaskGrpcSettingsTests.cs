using Microsoft.AspNetCore.Hosting;

namespace OrleansWorkflows.GatewayTests.Access;

/// <summary>The gateway's Durable Task endpoint settings (<c>DurableTaskGrpc:*</c>): refused configurations stop the start-up
/// with their reason. (The endpoint itself is tested on a real Kestrel port in tests/DurableTaskGrpcTests.)</summary>
public sealed class DurableTaskGrpcSettingsTests
{
    /// <summary>A client of a cluster serves the endpoint too (its silos run the work: tests/ProcessTests
    /// PostgreSqlDurableTaskGatewayTests); its options are checked there as well, before the client connects.</summary>
    [Fact]
    public void Gateway_AsClusterClientWithGrpcOnAllInterfacesWithoutKey_DoesNotStart()
    {
        using var factory = new GatewayFactory().WithWebHostBuilder(b => b
            .UseSetting("DurableTaskGrpc:Port", "4999")
            .UseSetting("DurableTaskGrpc:Host", "*")
            .UseSetting("Cluster:Gateways", "127.0.0.1:30001"));

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("no API key is configured", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("needs the embedded silo", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Gateway_GrpcOnAllInterfacesWithoutKey_DoesNotStart()
    {
        using var factory = new GatewayFactory().WithWebHostBuilder(b => b
            .UseSetting("DurableTaskGrpc:Port", "4999")
            .UseSetting("DurableTaskGrpc:Host", "*"));

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("no API key is configured", error.ToString(), StringComparison.Ordinal);
    }
}
