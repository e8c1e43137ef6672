using OrleansWorkflows.ClusterTests.Fixture;
using OrleansWorkflows.ClusterTests.Workflows;
using OrleansWorkflows.Runtime;
using Xunit;

namespace OrleansWorkflows.ClusterTests.Management;

/// <summary>
/// Rewinding a parent whose sub-orchestration did not simply end Failed: the parent gets its child back — rewound,
/// started afresh, or adopted as it is now — or a clear failure; it never waits forever.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class RewindChildTests(ClusterFixture fixture) : IAsyncLifetime
{
    public Task InitializeAsync() => fixture.EnsureSilosAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task ChildTerminated_IsStartedAfresh_AndTheParentCompletes()
    {
        var id = ClusterTestExtensions.NewId("rewind-terminated");
        var child = $"{id}-child";
        await fixture.Workflows.StartAsync("ParentOfGatedChild", null, id);
        await fixture.WaitStartedAsync($"{child}/1");
        await fixture.Workflows.TerminateAsync(child, "operator");
        Assert.Equal(OrchestrationRuntimeStatus.Failed, (await fixture.WaitAsync(id)).RuntimeStatus);
        var terminated = await fixture.WaitAsync(child);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, terminated.RuntimeStatus);

        await fixture.Workflows.RewindAsync(id, "run the child again");
        await fixture.WaitStartedAsync($"{child}/1", times: 2);
        Gates.Release($"{child}/1");

        Assert.Equal($"done {child}/1", (await fixture.WaitAsync(id)).ReadOutputAs<string>());
        var again = await fixture.WaitAsync(child);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, again.RuntimeStatus);
        Assert.NotEqual(terminated.ExecutionId, again.ExecutionId);
    }

    [Fact]
    public async Task ChildWithAnUnknownName_FailsTheParentAgain_Clearly()
    {
        var (_, again) = await FailRewindAndFailAgainAsync("ParentOfUnknownChild", "rewind-unknown");
        Assert.Contains("No orchestration named 'NoSuchOrchestration'", again.FailureDetails!.InnerFailure?.ErrorMessage ?? again.FailureDetails.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChildWhoseRewindFailsAtOnce_FailsTheParentAgain()
    {
        var (id, _) = await FailRewindAndFailAgainAsync("ParentOfThrower", "rewind-thrower");
        Assert.Equal(OrchestrationRuntimeStatus.Failed, (await fixture.WaitAsync($"{id}-child")).RuntimeStatus);
    }

    [Fact]
    public async Task ChildIdThatWasInUse_IsStartedOnceFree_AndTheParentCompletes()
    {
        var id = ClusterTestExtensions.NewId("rewind-in-use");
        var childId = ClusterTestExtensions.NewId("taken");
        await fixture.Workflows.StartAsync("Approval", new { timeoutSeconds = 300 }, childId);
        await fixture.Workflows.StartAsync("ParentOfNamedNoop", childId, id);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, (await fixture.WaitAsync(id)).RuntimeStatus);
        await fixture.Workflows.TerminateAsync(childId, "free the id");

        await fixture.Workflows.RewindAsync(id);

        Assert.Equal("from parent", (await fixture.WaitAsync(id)).ReadOutputAs<string>());
        Assert.Equal(id, (await fixture.Workflows.GetStatusAsync(childId))!.ParentInstanceId);
    }

    [Fact]
    public async Task ChildPurged_IsStartedAfresh_AndTheParentCompletes()
    {
        var id = ClusterTestExtensions.NewId("rewind-purged");
        var child = $"{id}-child";
        await fixture.Workflows.StartAsync("ParentOfNeedsFix", null, id);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, (await fixture.WaitAsync(id)).RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, (await fixture.WaitAsync(child)).RuntimeStatus);
        await fixture.Workflows.PurgeInstanceAsync(child);
        Gates.Release($"{id}/fixed");

        await fixture.Workflows.RewindAsync(id);

        Assert.Equal("fixed", (await fixture.WaitAsync(id)).ReadOutputAs<string>());
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await fixture.WaitAsync(child)).RuntimeStatus);
    }

    [Fact]
    public async Task ChildAlreadyRewoundAndCompleted_GivesTheParentItsResult()
    {
        var id = ClusterTestExtensions.NewId("rewind-child-first");
        var child = $"{id}-child";
        await fixture.Workflows.StartAsync("ParentOfNeedsFix", null, id);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, (await fixture.WaitAsync(id)).RuntimeStatus);
        Gates.Release($"{id}/fixed");
        await fixture.Workflows.RewindAsync(child);
        var completed = await fixture.WaitAsync(child);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, completed.RuntimeStatus);

        await fixture.Workflows.RewindAsync(id);

        Assert.Equal("fixed", (await fixture.WaitAsync(id)).ReadOutputAs<string>());
        Assert.Equal(completed.ExecutionId, (await fixture.Workflows.GetStatusAsync(child))!.ExecutionId);
        Assert.Equal(2, fixture.Probe.Count($"{child}:runs"));
    }

    [Fact]
    public async Task ChildAlreadyRewoundAndStillRunning_IsAdopted_AndTheParentCompletesWhenItDoes()
    {
        var id = ClusterTestExtensions.NewId("rewind-child-running");
        var child = $"{id}-child";
        await fixture.Workflows.StartAsync("ParentOfNeedsFixThenGated", null, id);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, (await fixture.WaitAsync(id)).RuntimeStatus);
        Gates.Release($"{id}/fixed");
        await fixture.Workflows.RewindAsync(child);
        await fixture.WaitStartedAsync($"{child}/after");
        var running = (await fixture.Workflows.GetStatusAsync(child))!;

        await fixture.Workflows.RewindAsync(id);
        Gates.Release($"{child}/after");

        Assert.Equal($"fixed, done {child}/after", (await fixture.WaitAsync(id)).ReadOutputAs<string>());
        Assert.Equal(running.ExecutionId, (await fixture.WaitAsync(child)).ExecutionId);
        Assert.Equal(1, fixture.Probe.Count($"{child}/after:started"));
    }

    /// <summary>Starts <paramref name="parent"/>, which fails; rewinds it; asserts it fails again under a new execution.</summary>
    private async Task<(string Id, OrchestrationMetadata Again)> FailRewindAndFailAgainAsync(string parent, string prefix)
    {
        var id = ClusterTestExtensions.NewId(prefix);
        await fixture.Workflows.StartAsync(parent, null, id);
        var first = await fixture.WaitAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, first.RuntimeStatus);

        await fixture.Workflows.RewindAsync(id);

        var again = await fixture.WaitAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, again.RuntimeStatus);
        Assert.NotEqual(first.ExecutionId, again.ExecutionId);
        return (id, again);
    }
}
