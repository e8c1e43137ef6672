using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
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

    [Fact]
    public async Task InvalidEngineOption_FailsTheStart_NamingIt()
    {
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => TestHosts.StartAsync(o => o.ConfigureEngine(e => e.ActivityLease = TimeSpan.Zero)));

        Assert.Contains("WorkflowEngineOptions.ActivityLease", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidHostOption_FailsTheStart_NamingIt()
    {
        var ex = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => TestHosts.StartAsync(o => o.SettleTimeout = TimeSpan.Zero));

        Assert.Contains("SettleTimeout", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegistrationProblem_FailsTheStart_WithTheRegistrationError()
    {
        var ex = await Assert.ThrowsAsync<WorkflowRegistrationException>(() => TestHosts.StartAsync(o => o.Registry.AddWorkflowsFromAssembly(typeof(Greet).Assembly)));

        Assert.NotEmpty(ex.Problems);
        Assert.All(ex.Problems, p => Assert.Contains("is already registered", p, StringComparison.Ordinal));
    }

    private sealed class Formal : ISalutation
    {
        public string Word => "Dear";
    }
}
