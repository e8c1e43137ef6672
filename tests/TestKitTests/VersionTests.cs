using OrleansWorkflows.Runtime;
using OrleansWorkflows.TestKitTests.Workflows;
using Xunit;

namespace OrleansWorkflows.TestKitTests;

/// <summary>Side-by-side orchestration versions in one silo: which version a start takes, and that an instance keeps it.</summary>
public sealed class VersionTests
{
    private const string Order = "VersionedOrder";

    [Fact]
    public async Task Start_WithoutVersion_TakesTheLatest_WithOne_TakesThatOne_AndStatusShowsIt()
    {
        await using var host = await TestHosts.StartAsync();

        var latest = await host.WaitAsync(await host.Client.StartAsync(Order));
        var first = await host.WaitAsync(await host.Client.StartAsync(Order, null, new StartOrchestrationOptions { Version = "1" }));

        Assert.Equal(("v2 code, context version 2", "2"), (latest.ReadOutputAs<string>(), latest.Version));
        Assert.Equal(("v1 code, context version 1", "1"), (first.ReadOutputAs<string>(), first.Version));
    }

    [Fact]
    public async Task PinnedDefaultVersion_IsWhatAStartWithoutVersionTakes()
    {
        await using var host = await TestHosts.StartAsync(o => o.Registry.SetDefaultVersion(Order, "1"));

        var status = await host.WaitAsync(await host.Client.StartAsync(Order));

        Assert.Equal(("v1 code, context version 1", "1"), (status.ReadOutputAs<string>(), status.Version));
    }

    [Fact]
    public async Task Start_OfAnUnregisteredVersion_IsRefused_NamingIt_AndStartsNothing()
    {
        await using var host = await TestHosts.StartAsync();

        var refused = await Assert.ThrowsAsync<WorkflowClientException>(
            () => host.Client.StartAsync(Order, null, new StartOrchestrationOptions { InstanceId = "no-v3", Version = "3" }));

        Assert.Equal(OperationOutcome.UnknownOrchestration, refused.Outcome);
        Assert.Contains("Version '3' of orchestration 'VersionedOrder' is not registered", refused.Message, StringComparison.Ordinal);
        Assert.Null(await host.Client.GetStatusAsync("no-v3"));
    }

    [Fact]
    public async Task ContinueAsNew_KeepsTheVersion_UnlessTheCodeAsksForAnother()
    {
        await using var host = await TestHosts.StartAsync();

        var kept = await host.WaitAsync(await host.Client.StartAsync(Order, new VersionedOrderInput(2), new StartOrchestrationOptions { Version = "1" }));
        var switched = await host.WaitAsync(await host.Client.StartAsync(Order, new VersionedOrderInput(2, SwitchTo: "2"), new StartOrchestrationOptions { Version = "1" }));

        Assert.Equal(("v1 code, context version 1", "1"), (kept.ReadOutputAs<string>(), kept.Version));
        Assert.Equal(("v2 code, context version 2", "2"), (switched.ReadOutputAs<string>(), switched.Version));
    }

    [Fact]
    public async Task SubOrchestration_StartsTheVersionItsOptionsName_ElseTheDefault()
    {
        await using var host = await TestHosts.StartAsync();

        var asked = await host.WaitAsync(await host.Client.StartAsync(nameof(VersionedParent), "1"));
        var defaulted = await host.WaitAsync(await host.Client.StartAsync(nameof(VersionedParent)));

        Assert.Equal("v1 code, context version 1", asked.ReadOutputAs<string>());
        Assert.Equal("v2 code, context version 2", defaulted.ReadOutputAs<string>());
    }

    [Fact]
    public async Task UnversionedOrchestration_RecordsNoVersion()
    {
        await using var host = await TestHosts.StartAsync();

        var status = await host.WaitAsync(await host.Client.StartAsync(nameof(VersionedParent), "2"));

        Assert.Null(status.Version);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, status.RuntimeStatus);
    }

    [Fact]
    public async Task Query_ByVersion_ListsOnlyThatVersion_WithTheVersionOnEachInstance()
    {
        await using var host = await TestHosts.StartAsync();
        foreach (var (id, version) in new[] { ("q-1a", "1"), ("q-2a", "2"), ("q-1b", "1") })
        {
            await host.WaitAsync(await host.Client.StartAsync(Order, null, new StartOrchestrationOptions { InstanceId = id, Version = version }));
        }

        var ones = await host.Client.QueryInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = "q-", Version = "1" });
        var all = await host.Client.QueryInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = "q-" });

        Assert.Equal(["q-1a", "q-1b"], ones.Instances.Select(i => i.InstanceId).Order(StringComparer.Ordinal));
        Assert.Equal(
            [("q-1a", "1"), ("q-1b", "1"), ("q-2a", "2")],
            all.Instances.Select(i => (i.InstanceId, i.Version)).OrderBy(i => i.InstanceId, StringComparer.Ordinal));
    }
}
