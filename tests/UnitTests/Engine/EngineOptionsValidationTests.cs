using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrleansWorkflows.Hosting;
using Xunit;

namespace OrleansWorkflows.UnitTests.Engine;

/// <summary>
/// <see cref="WorkflowEngineOptions"/> are checked when the silo host starts, before the silo does anything: every value
/// out of range is reported at once, naming the setting, the value and the allowed range.
/// </summary>
public sealed class EngineOptionsValidationTests
{
    [Fact]
    public async Task SiloStart_NegativeLeaseAndZeroPartitions_FailsNamingEachSettingAndRange()
    {
        using var host = SiloHost(o =>
        {
            o.ActivityLease = TimeSpan.FromSeconds(-1);
            o.ActivityWorkerPartitions = 0;
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal(
            [
                "WorkflowEngineOptions.ActivityLease is -00:00:01; allowed: more than 100 ms.",
                "WorkflowEngineOptions.ActivityWorkerPartitions is 0; allowed: from 1 to 65,536.",
            ],
            error.Failures);
    }

    [Fact]
    public async Task SiloStart_RetentionPeriodZero_FailsNamingTheSetting()
    {
        using var host = SiloHost(o => o.RetentionPeriod = TimeSpan.Zero);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal(["WorkflowEngineOptions.RetentionPeriod is 00:00:00; allowed: unset (keep everything) or more than 0."], error.Failures);
    }

    [Fact]
    public void Validator_Defaults_Succeed()
    {
        var result = new WorkflowEngineOptionsValidator().Validate(null, new WorkflowEngineOptions());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    private static IHost SiloHost(Action<WorkflowEngineOptions> configure)
    {
        var ports = FreePorts.Take(2);
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(siloPort: ports[0], gatewayPort: ports[1])
            .AddOrleansWorkflows(configure));
        return builder.Build();
    }
}
