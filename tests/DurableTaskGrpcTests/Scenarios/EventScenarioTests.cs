namespace OrleansWorkflows.DurableTaskGrpcTests.Scenarios;

using Microsoft.DurableTask.Client;
using OrleansWorkflows.DurableTaskGrpcTests.Harness;
using OrleansWorkflows.Testing;

/// <summary>External events (before and after the wait, with a timeout) and custom status, on both backends.</summary>
[Collection(SdkBackendsCollection.Name)]
public sealed class EventScenarioTests(SdkBackends backends)
{
    [Fact]
    public async Task ExternalEvent_RaisedWhileWaiting_CompletesWithIt()
    {
        var observed = await backends.SameOnBothAsync(async (client, ct) =>
        {
            var id = await client.ScheduleNewOrchestrationInstanceAsync("WaitForApproval", cancellation: ct);
            await WaitForCustomStatusAsync(client, id, "\"waiting\"", ct);
            await client.RaiseEventAsync(id, "Approval", "yes", ct);
            return Observed.Of(await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, ct));
        });

        Assert.Equal(new Observed("Completed", "\"approval:yes\"", "\"decided\"", null, null), observed);
    }

    [Fact]
    public async Task ExternalEvent_RaisedRightAfterStart_IsNotLost()
    {
        var observed = await backends.SameOnBothAsync(async (client, ct) =>
        {
            var id = await client.ScheduleNewOrchestrationInstanceAsync("WaitForApproval", cancellation: ct);
            await client.RaiseEventAsync(id, "Approval", "early", ct);
            return Observed.Of(await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, ct));
        });

        Assert.Equal("\"approval:early\"", observed.Output);
    }

    [Fact]
    public async Task ExternalEvent_WithTimeout_TimesOutWhenNoneArrives()
    {
        var observed = await backends.SameOnBothAsync((client, ct) => OrchestrationScenarioTests.RunAsync(client, "EventWithTimeout", 1, ct));

        Assert.Equal(new Observed("Completed", "\"timed out\"", null, null, null), observed);
    }

    [Fact]
    public async Task ContinueAsNew_CarriesOverEventsRaisedMeanwhile()
    {
        var observed = await backends.SameOnBothAsync(async (client, ct) =>
        {
            var id = await client.ScheduleNewOrchestrationInstanceAsync("SumThreeEvents", new[] { 0, 0 }, ct);
            foreach (var value in new[] { 1, 2, 3 })
            {
                await client.RaiseEventAsync(id, "Add", value, ct);
            }

            return Observed.Of(await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, ct));
        });

        Assert.Equal(new Observed("Completed", "6", null, null, null), observed);
    }

    /// <summary>Waits on a condition (the instance's custom status), never a fixed sleep.</summary>
    internal static Task WaitForCustomStatusAsync(DurableTaskClient client, string id, string customStatus, CancellationToken cancellationToken) =>
        Eventually.UntilAsync(
            async () => (await client.GetInstanceAsync(id, getInputsAndOutputs: true, cancellationToken))?.SerializedCustomStatus == customStatus,
            TimeSpan.FromSeconds(30),
            $"instance {id} to set its custom status to {customStatus}");
}
