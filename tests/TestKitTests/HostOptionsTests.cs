using Microsoft.Extensions.DependencyInjection;
using OrleansWorkflows.Runtime;
using OrleansWorkflows.TestKitTests.Workflows;
using Xunit;

namespace OrleansWorkflows.TestKitTests;

/// <summary>What the host takes from its options besides registrations: services for injection, engine options.</summary>
public sealed class HostOptionsTests
{
    [Fact]
    public async Task RegisteredActivity_GetsItsConstructorServices_FromConfigureServices()
    {
        await using var host = await TestHosts.StartAsync(o => o.ConfigureServices(s => s.AddSingleton<ISalutation>(new Formal())));

        var status = await host.WaitAsync(await host.Client.StartAsync(nameof(Greet), "Ada"));

        Assert.Equal("Dear Ada", status.ReadOutputAs<string>());
    }

    [Fact]
    public async Task EngineOptions_FromConfigureEngine_Apply()
    {
        await using var host = await TestHosts.StartAsync(o => o.ConfigureEngine(e => e.MaxPayloadLength = 100));

        var refused = await Assert.ThrowsAsync<WorkflowClientException>(() => host.Client.StartAsync(nameof(Greet), new string('a', 200)));

        Assert.Equal(OperationOutcome.InvalidInput, refused.Outcome);
    }

    private sealed class Formal : ISalutation
    {
        public string Word => "Dear";
    }
}
