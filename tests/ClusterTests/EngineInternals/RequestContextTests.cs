using OrleansWorkflows.ClusterTests.Fixture;
using OrleansWorkflows.ClusterTests.Workflows;
using OrleansWorkflows.Runtime;
using Xunit;

namespace OrleansWorkflows.ClusterTests.EngineInternals;

/// <summary>
/// An instance's episodes never run in the Orleans request context of the call that woke them: the start's placement
/// hint (set by every client start) must not ride along on the activity requests, results and outbox messages that
/// follow (it cost every hello3 orchestration about 9 KiB of allocation and a dictionary copy per message).
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class RequestContextTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Activity_ScheduledByTheFirstEpisode_SeesNoneOfTheStartCallsRequestContext()
    {
        var id = await fixture.Workflows.StartAsync("ReportsRequestContext");
        var status = await fixture.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, status.RuntimeStatus);
        Assert.Empty(status.ReadOutputAs<string[]>()!);
    }

    [Fact]
    public async Task Activity_SeesNoneOfTheCallersOwnRequestContext()
    {
        RequestContext.Set("test.marker", "from the caller");
        try
        {
            var id = await fixture.Workflows.StartAsync("ReportsRequestContext");
            var status = await fixture.WaitAsync(id);
            Assert.DoesNotContain(StartPlacement.Key, status.ReadOutputAs<string[]>()!);
            Assert.DoesNotContain("test.marker", status.ReadOutputAs<string[]>()!);
        }
        finally
        {
            RequestContext.Clear();
        }
    }
}
