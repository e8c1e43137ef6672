using OrleansWorkflows.Samples;
using OrleansWorkflows.TestKitTests.Workflows;
using Xunit;

namespace OrleansWorkflows.TestKitTests;

/// <summary>
/// Moving engine time by hand (<c>host.Clock.AdvanceAsync</c>), with automatic skipping off: time stands still until it
/// is advanced; an advance stops at every timer on the way, lets the instance run, and returns when the engine is idle.
/// </summary>
public sealed class ClockAdvanceTests
{
    [Fact]
    public async Task Advance_StopsAtEveryTimer_AndReturnsOnceTheEngineIsIdle()
    {
        await using var host = await TestHosts.StartAsync(o => o.AutoSkipTime = false);
        var id = await host.Client.StartAsync(nameof(DailyDigest));

        await host.Clock.AdvanceAsync(TimeSpan.FromDays(2));

        var halfway = await host.Client.GetStatusAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Running, halfway!.RuntimeStatus);
        Assert.Equal(2, halfway.ReadCustomStatusAs<int>());
        Assert.Equal(TestHosts.Start.AddDays(2), host.Clock.UtcNow);

        await host.Clock.AdvanceAsync(TimeSpan.FromDays(1));

        var done = await host.Client.GetStatusAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done!.RuntimeStatus);
        Assert.Equal(["digest of 2030-01-02 09:00", "digest of 2030-01-03 09:00", "digest of 2030-01-04 09:00"], done.ReadOutputAs<string[]>()!);
    }

    [Fact]
    public async Task WithoutSkipping_TimeStandsStill_UntilAdvanced()
    {
        await using var host = await TestHosts.StartAsync(o => o.AutoSkipTime = false);
        var id = await host.Client.StartAsync(nameof(Approval), new ApprovalRequest(60));

        await host.Clock.AdvanceAsync(TimeSpan.FromSeconds(59));
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await host.Client.GetStatusAsync(id))!.RuntimeStatus);

        await host.Clock.AdvanceAsync(TimeSpan.FromSeconds(1));
        var status = await host.Client.GetStatusAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, status!.RuntimeStatus);
        Assert.Equal("TimedOut", status.ReadOutputAs<string>());
        Assert.Equal(TestHosts.Start.UtcDateTime.AddSeconds(60), status.LastUpdatedAt);
    }

    [Fact]
    public async Task Advance_LetsATimeoutFire_WhileAFakeActivityHangs()
    {
        var release = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await TestHosts.StartAsync(o =>
        {
            o.AutoSkipTime = false;
            o.ActivityWaitOnAdvance = TimeSpan.FromMilliseconds(200);
            o.OverrideActivity(TimeoutRace.Activity, (object? _) => release.Task);
        });
        try
        {
            var id = await host.Client.StartAsync(nameof(TimeoutRace));

            await host.Clock.AdvanceAsync(TimeSpan.FromHours(1));

            var status = await host.Client.GetStatusAsync(id);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, status!.RuntimeStatus);
            Assert.Equal("timed out", status.ReadOutputAs<string>());
            Assert.Equal(TestHosts.Start.AddHours(1), host.Clock.UtcNow);
        }
        finally
        {
            release.SetResult("too late");
        }
    }

    [Fact]
    public async Task AdvancingBackwards_IsRefused()
    {
        await using var host = await TestHosts.StartAsync();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => host.Clock.AdvanceAsync(TimeSpan.FromSeconds(-1)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => host.Clock.AdvanceToAsync(TestHosts.Start.AddTicks(-1)));
        Assert.Equal(TestHosts.Start, host.Clock.UtcNow);
    }
}
