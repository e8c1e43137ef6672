using OrleansWorkflows.ClusterTests.Fixture;
using Xunit;

namespace OrleansWorkflows.ClusterTests.Workflows;

/// <summary>
/// Sample orchestrations end to end on a two-silo cluster: fan-out across silos, a real-time timer's bounds,
/// continue-as-new. The samples' own logic (Approval's decision, Retry's attempts) is tested on the test kit
/// (tests/TestKitTests/SampleWorkflowTests.cs).
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class SampleOrchestrationTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task HelloSequence_Completes_WithThreeGreetingsInOrder()
    {
        var id = await fixture.Workflows.StartAsync("HelloSequence");
        var status = await WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, status.RuntimeStatus);
        Assert.Equal(["Hello Tokyo!", "Hello Seattle!", "Hello London!"], status.ReadOutputAs<string[]>()!);
    }

    [Fact]
    public async Task FanOutFanIn_Of1000Activities_SumsTheSquares()
    {
        var id = await fixture.Workflows.StartAsync("FanOutFanIn", 1000);
        var status = await WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, status.RuntimeStatus);
        Assert.Equal(Enumerable.Range(1, 1000).Sum(i => (long)i * i), status.ReadOutputAs<long>());
    }

    [Fact]
    public async Task Approval_NoEvent_TimesOutNotBeforeTheTimer()
    {
        var id = await fixture.Workflows.StartAsync("Approval", new { timeoutSeconds = 2 });
        var started = await fixture.Workflows.GetStatusAsync(id);
        var status = await WaitAsync(id);

        Assert.Equal("TimedOut", status.ReadOutputAs<string>());
        var waited = status.LastUpdatedAt - started!.CreatedAt;
        Assert.InRange(waited, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2 + 5));
    }

    [Fact]
    public async Task Countdown_ContinuesAsNewUntilZero_ThenDone()
    {
        var id = await fixture.Workflows.StartAsync("Countdown", 5);
        var status = await WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, status.RuntimeStatus);
        Assert.Equal("Done", status.ReadOutputAs<string>());
        Assert.Equal(0, status.ReadCustomStatusAs<System.Text.Json.JsonElement>().GetProperty("remaining").GetInt32());
    }

    private async Task<OrchestrationMetadata> WaitAsync(string id)
    {
        using var cts = new CancellationTokenSource(Timeout);
        return await fixture.Workflows.WaitForCompletionAsync(id, cts.Token);
    }
}
