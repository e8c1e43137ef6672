using OrleansWorkflows.Samples;
using OrleansWorkflows.TestKitTests.Workflows;
using Xunit;

namespace OrleansWorkflows.TestKitTests;

/// <summary>
/// Orchestrations with events, entities and retries on the test host. The Approval and Retry sample tests moved here
/// from tests/ClusterTests (they test the samples' logic, not the cluster; the timeout no longer costs wall time).
/// </summary>
public sealed class SampleWorkflowTests
{
    [Theory]
    [InlineData(true, "Approved")]
    [InlineData(false, "Rejected")]
    public async Task Approval_EventBeforeTimeout_ReturnsTheDecision_WithoutTimePassing(bool approved, string expected)
    {
        await using var host = await TestHosts.StartAsync();

        var id = await host.Client.StartAsync(nameof(Approval), new ApprovalRequest(300));
        await host.Client.RaiseEventAsync(id, Approval.EventName, approved);
        var status = await host.WaitAsync(id);

        Assert.Equal(expected, status.ReadOutputAs<string>());
        Assert.Equal(TestHosts.Start, host.Clock.UtcNow);
    }

    [Fact]
    public async Task Retry_FlakyActivity_SucceedsOnTheThirdAttempt_AfterTwoRetryIntervals()
    {
        await using var host = await TestHosts.StartAsync();

        var status = await host.WaitAsync(await host.Client.StartAsync(nameof(Retry)));

        Assert.Equal(OrchestrationRuntimeStatus.Completed, status.RuntimeStatus);
        Assert.Equal(3, status.ReadOutputAs<int>());
        Assert.Equal(TestHosts.Start.AddSeconds(1), host.Clock.UtcNow);
    }

    [Fact]
    public async Task EventSentByAnotherOrchestration_IsReceived_BeforeItsTimeout()
    {
        await using var host = await TestHosts.StartAsync();

        var waiter = await host.Client.StartAsync(nameof(WaitForPong));
        var sender = await host.Client.StartAsync(nameof(SendPong), waiter);
        var status = await host.WaitAsync(waiter);

        Assert.Equal($"pong from {sender}", status.ReadOutputAs<string>());
        Assert.Equal("sent", (await host.WaitAsync(sender)).ReadOutputAs<string>());
        Assert.Equal(TestHosts.Start, host.Clock.UtcNow);
    }

    [Fact]
    public async Task Entity_CalledByAnOrchestration_KeepsItsState()
    {
        await using var host = await TestHosts.StartAsync();

        var status = await host.WaitAsync(await host.Client.StartAsync(nameof(RecordVisits), 3));

        Assert.Equal(3, status.ReadOutputAs<int>());
        Assert.Equal(3, await host.Client.GetEntityStateAsync<int>(new EntityId(nameof(PageVisits), "home")));
    }

    [Fact]
    public async Task Entity_SignalledByTheClient_IsApplied_OnceTheEngineIsIdle()
    {
        await using var host = await TestHosts.StartAsync();
        var counter = new EntityId(nameof(Counter), "orders");

        await host.Client.SignalEntityAsync(counter, nameof(Counter.Add), 5);
        await host.Clock.AdvanceAsync(TimeSpan.Zero);

        Assert.Equal(5, await host.Client.GetEntityStateAsync<int>(counter));
    }
}
