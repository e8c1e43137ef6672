namespace OrleansWorkflows.DurableTaskGrpcTests.Scenarios;

using Microsoft.DurableTask.Client;
using OrleansWorkflows.DurableTaskGrpcTests.Harness;

/// <summary>Orchestrations written with the SDK, run by an SDK worker: the same results on the oracle and on OrleansWorkflows.</summary>
[Collection(SdkBackendsCollection.Name)]
public sealed class OrchestrationScenarioTests(SdkBackends backends)
{
    [Fact]
    public async Task HelloSequence_CompletesWithThreeGreetings()
    {
        var observed = await backends.SameOnBothAsync((client, ct) => RunAsync(client, "HelloSequence", null, ct));

        Assert.Equal(new Observed("Completed", """["Hello Tokyo!","Hello Seattle!","Hello London!"]""", null, null, null), observed);
    }

    [Fact]
    public async Task FanOutFanIn_OfOneHundred_SumsEverySquare()
    {
        var observed = await backends.SameOnBothAsync((client, ct) => RunAsync(client, "FanOutFanIn", 100, ct));

        Assert.Equal("338350", observed.Output);
    }

    [Fact]
    public async Task SubOrchestrations_ReturnTheirOutputsToTheParent()
    {
        var observed = await backends.SameOnBothAsync((client, ct) => RunAsync(client, "Parent", null, ct));

        Assert.Equal("\"Hello Tokyo!,Hello Seattle!,Hello London!|14\"", observed.Output);
    }

    [Fact]
    public async Task DurableTimer_FiresNoEarlierThanItsTime()
    {
        var observed = await backends.SameOnBothAsync((client, ct) => RunAsync(client, "TimerThenHello", 1, ct));

        Assert.Equal("\"Hello timer! waited=True\"", observed.Output);
    }

    [Fact]
    public async Task ContinueAsNew_RunsNewExecutionsUntilDone()
    {
        var observed = await backends.SameOnBothAsync((client, ct) => RunAsync(client, "CountUp", 1, ct));

        Assert.Equal(new Observed("Completed", "5", null, null, null), observed);
    }

    [Fact]
    public async Task ActivityFailure_Caught_IsSeenByTheOrchestration()
    {
        var observed = await backends.SameOnBothAsync((client, ct) => RunAsync(client, "CatchFailure", "boom", ct));

        Assert.Equal("Completed", observed.Status);
        Assert.Contains("System.InvalidOperationException: boom", observed.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ActivityFailure_Uncaught_FailsTheOrchestrationWithItsDetails()
    {
        var observed = await backends.SameOnBothAsync((client, ct) => RunAsync(client, "FailUncaught", "bad input", ct));

        Assert.Equal("Failed", observed.Status);
        Assert.Equal("Microsoft.DurableTask.TaskFailedException", observed.FailureType);
        Assert.Contains("bad input", observed.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RetryPolicy_RetriesAFailingActivityUntilItSucceeds()
    {
        var observed = await backends.SameOnBothAsync((client, ct) => RunAsync(client, "RetryUntilSuccess", 3, ct));

        Assert.Equal(new Observed("Completed", "\"succeeded on attempt 3\"", null, null, null), observed);
    }

    [Fact]
    public async Task WhenAny_ActivityBeatsALongTimer()
    {
        var observed = await backends.SameOnBothAsync((client, ct) => RunAsync(client, "RaceActivityAgainstTimer", null, ct));

        Assert.Equal(new Observed("Completed", "\"Hello race!\"", null, null, null), observed);
    }

    [Fact]
    public async Task Restart_OfAFinishedInstance_RunsItAgainUnderTheSameId()
    {
        var observed = await backends.SameOnBothAsync(async (client, ct) =>
        {
            var first = await RunAsync(client, "HelloSequence", null, ct);
            var id = await client.ScheduleNewOrchestrationInstanceAsync("HelloSequence", ct);
            await client.WaitForInstanceCompletionAsync(id, ct);
            var restarted = await client.RestartAsync(id, restartWithNewInstanceId: false, ct);
            var again = Observed.Of(await client.WaitForInstanceCompletionAsync(restarted, getInputsAndOutputs: true, ct));
            return (first, again, sameId: restarted == id);
        });

        Assert.True(observed.sameId);
        Assert.Equal(observed.first, observed.again);
    }

    internal static async Task<Observed> RunAsync(DurableTaskClient client, string name, object? input, CancellationToken cancellationToken)
    {
        var id = await client.ScheduleNewOrchestrationInstanceAsync(name, input, cancellationToken);
        return Observed.Of(await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, cancellationToken));
    }
}
