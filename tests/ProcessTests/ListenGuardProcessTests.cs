using Xunit;

namespace OrleansWorkflows.ProcessTests;

/// <summary>The built gateway refuses to listen beyond loopback without an API key: a clear message and exit code 2.</summary>
public sealed class ListenGuardProcessTests
{
    [Fact]
    public async Task AllInterfacesWithoutAKey_ExitsWithTheReasonAndCode2()
    {
        var port = FreePorts.Take(1)[0];
        await using var gateway = ServiceProcess.Start("gateway-exposed", ServiceProcess.BuiltDll("GatewayDll"), ["--urls", $"http://0.0.0.0:{port}"]);

        await Eventually.HoldsAsync(() => Task.FromResult((gateway.HasExited, "running")), TimeSpan.FromSeconds(60), "the gateway exiting");
        Assert.Equal(2, gateway.ExitCode);
        Assert.Contains("no API key is configured", gateway.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", gateway.Output, StringComparison.Ordinal);
    }
}
