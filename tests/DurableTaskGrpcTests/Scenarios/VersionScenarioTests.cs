namespace OrleansWorkflows.DurableTaskGrpcTests.Scenarios;

using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using OrleansWorkflows.DurableTaskGrpcTests.Harness;

/// <summary>
/// The SDK's orchestration versions are the engine's side-by-side versions: a start's version, a sub-orchestration's
/// version and a continue-as-new's new version pick the code the worker runs (its registry by name and version) and the
/// version its context sees, the same on the oracle and on OrleansWorkflows; a restart runs the version the instance ran.
/// </summary>
[Collection(SdkBackendsCollection.Name)]
public sealed class VersionScenarioTests(SdkBackends backends)
{
    [Theory]
    [InlineData("1")]
    [InlineData("2")]
    public async Task Start_OfAVersion_RunsThatVersion(string version)
    {
        var observed = await backends.SameOnBothAsync((client, ct) => RunAsync(client, "Versioned", null, version, ct));

        Assert.Equal(new Observed("Completed", $"\"v{version} ran as [{version}]\"", null, null, null), observed);
    }

    [Fact]
    public async Task SubOrchestration_OfAVersion_RunsThatVersion()
    {
        var observed = await backends.SameOnBothAsync((client, ct) => RunAsync(client, "VersionedParent", "2", null, ct));

        Assert.Equal("\"v2 ran as [2]\"", observed.Output);
    }

    [Fact]
    public async Task ContinueAsNew_WithANewVersion_RunsTheNextExecutionAsThatVersion()
    {
        var observed = await backends.SameOnBothAsync((client, ct) => RunAsync(client, "UpgradesItself", 1, "1", ct));

        Assert.Equal(new Observed("Completed", "\"v2 after 2, as [2]\"", null, null, null), observed);
    }

    [Fact]
    public async Task Restart_RunsTheVersionTheInstanceRan()
    {
        var observed = await backends.SameOnBothAsync(async (client, ct) =>
        {
            var id = await client.ScheduleNewOrchestrationInstanceAsync("Versioned", null, new StartOrchestrationOptions { Version = "1" }, ct);
            await client.WaitForInstanceCompletionAsync(id, ct);
            var restarted = await client.RestartAsync(id, restartWithNewInstanceId: true, ct);
            return Observed.Of(await client.WaitForInstanceCompletionAsync(restarted, getInputsAndOutputs: true, ct));
        });

        Assert.Equal(new Observed("Completed", "\"v1 ran as [1]\"", null, null, null), observed);
    }

    private static async Task<Observed> RunAsync(DurableTaskClient client, string name, object? input, string? version, CancellationToken cancellationToken)
    {
        var options = version is null ? null : new StartOrchestrationOptions { Version = version };
        var id = await client.ScheduleNewOrchestrationInstanceAsync(name, input, options, cancellationToken);
        return Observed.Of(await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, cancellationToken));
    }
}
