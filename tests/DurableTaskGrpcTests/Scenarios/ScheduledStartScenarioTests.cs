namespace OrleansWorkflows.DurableTaskGrpcTests.Scenarios;

using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using OrleansWorkflows.DurableTaskGrpcTests.Harness;

/// <summary>
/// A start with a scheduled time (<see cref="StartOrchestrationOptions.StartAt"/>). Both backends complete it the same;
/// the oracle (InProcessTestHost 0.2.3-preview.1) ignores the time (its <c>StartInstance</c> does not read
/// <c>scheduledStartTimestamp</c>; Durable Task Core would hold the start until then), so that it is Pending until its
/// time and runs no earlier is asserted on OrleansWorkflows alone.
/// </summary>
[Collection(SdkBackendsCollection.Name)]
public sealed class ScheduledStartScenarioTests(SdkBackends backends)
{
    [Fact]
    public async Task ScheduledStart_CompletesTheSameOnBoth()
    {
        var observed = await backends.SameOnBothAsync(async (client, ct) =>
        {
            var id = await client.ScheduleNewOrchestrationInstanceAsync(
                "HelloSequence", null, new StartOrchestrationOptions { StartAt = DateTimeOffset.UtcNow.AddSeconds(2) }, ct);
            return Observed.Of(await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, ct));
        });

        Assert.Equal(new Observed("Completed", """["Hello Tokyo!","Hello Seattle!","Hello London!"]""", null, null, null), observed);
    }

    [Fact]
    public async Task ScheduledStart_IsPendingUntilItsTime_ThenRunsNoEarlier()
    {
        var client = backends.Ours.Client;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var at = DateTime.UtcNow.AddSeconds(3);

        var id = await client.ScheduleNewOrchestrationInstanceAsync("StartsNoEarlierThan", at, new StartOrchestrationOptions { StartAt = at }, timeout.Token);
        var before = await client.GetInstanceAsync(id, timeout.Token);
        var started = await client.WaitForInstanceStartAsync(id, timeout.Token);
        var startedAt = DateTime.UtcNow;
        var done = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Pending, before!.RuntimeStatus);
        Assert.NotEqual(OrchestrationRuntimeStatus.Pending, started.RuntimeStatus);
        Assert.True(startedAt >= at, $"seen started at {startedAt:O}, before its scheduled time {at:O}");
        Assert.Equal(new Observed("Completed", "\"Hello later! onTime=True\"", null, null, null), Observed.Of(done));
    }
}
