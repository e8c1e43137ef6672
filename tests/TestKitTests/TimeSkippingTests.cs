using System.Diagnostics;
using OrleansWorkflows.Samples;
using OrleansWorkflows.TestKitTests.Workflows;
using Xunit;

namespace OrleansWorkflows.TestKitTests;

/// <summary>
/// Automatic time skipping (issue 13 item 4): while the test waits for an orchestration and nothing but durable timers
/// is pending, engine time jumps to the next timer, so days of timers take milliseconds; the clock stops exactly at each
/// timer. The wall-clock bound is generous: the exact engine times are the real assertions.
/// </summary>
public sealed class TimeSkippingTests
{
    private static readonly TimeSpan WallBound = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task ThirtyDayTimer_FiresWithoutWaiting_AndEngineTimeMovesExactlyThirtyDays()
    {
        await using var host = await TestHosts.StartAsync();
        var wall = Stopwatch.StartNew();

        var id = await host.Client.StartAsync(nameof(MonthlyReminder), "ada@example.com");
        var status = await host.WaitAsync(id);

        Assert.True(wall.Elapsed < WallBound, $"took {wall.Elapsed}");
        Assert.Equal(OrchestrationRuntimeStatus.Completed, status.RuntimeStatus);
        var start = TestHosts.Start.UtcDateTime;
        Assert.Equal(new ReminderReport(start, start.AddDays(30), "Reminder sent to ada@example.com"), status.ReadOutputAs<ReminderReport>());
        Assert.Equal(TestHosts.Start.AddDays(30), host.Clock.UtcNow);
        Assert.Equal(start.AddDays(30), status.LastUpdatedAt);
    }

    [Fact]
    public async Task SevenDayEventTimeout_TimesOutWithoutWaiting_AtExactlySevenDays()
    {
        await using var host = await TestHosts.StartAsync();
        var wall = Stopwatch.StartNew();

        var id = await host.Client.StartAsync(nameof(Approval), new ApprovalRequest((int)TimeSpan.FromDays(7).TotalSeconds));
        var status = await host.WaitAsync(id);

        Assert.True(wall.Elapsed < WallBound, $"took {wall.Elapsed}");
        Assert.Equal("TimedOut", status.ReadOutputAs<string>());
        Assert.Equal(TestHosts.Start.AddDays(7), host.Clock.UtcNow);
        Assert.Equal(TestHosts.Start.UtcDateTime.AddDays(7), status.LastUpdatedAt);
    }

    [Fact]
    public async Task EventWaitWithTimeout_NobodySends_TimesOutAfterExactlyOneDay()
    {
        await using var host = await TestHosts.StartAsync();

        var id = await host.Client.StartAsync(nameof(WaitForPong));
        var status = await host.WaitAsync(id);

        Assert.Equal("no pong", status.ReadOutputAs<string>());
        Assert.Equal(TestHosts.Start.AddDays(1), host.Clock.UtcNow);
    }

    [Fact]
    public async Task Timers_BetweenActivities_EachFireAtTheirOwnTime()
    {
        await using var host = await TestHosts.StartAsync();

        var id = await host.Client.StartAsync(nameof(DailyDigest));
        var status = await host.WaitAsync(id);

        Assert.Equal(["digest of 2030-01-02 09:00", "digest of 2030-01-03 09:00", "digest of 2030-01-04 09:00"], status.ReadOutputAs<string[]>()!);
        Assert.Equal(TestHosts.Start.AddDays(3), host.Clock.UtcNow);
    }

    [Fact]
    public async Task NoTimeIsSkipped_WhileAnActivityRuns_EvenWithATimerPending()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await TestHosts.StartAsync(o => o.OverrideActivity(TimeoutRace.Activity, async (object? _) =>
        {
            entered.TrySetResult();
            return await release.Task;
        }));

        var id = await host.Client.StartAsync(nameof(TimeoutRace));
        await entered.Task.WaitAsync(TestHosts.Patience);
        var completion = host.WaitAsync(id);
        await TestHosts.UntilAsync(() => host.Skipper.Waiters > 0, "the completion wait reached the instance");
        var looks = host.Skipper.Looks;
        await TestHosts.UntilAsync(() => host.Skipper.Looks >= looks + 5, "the skipper looked five times while the activity ran");

        Assert.Equal(TestHosts.Start, host.Clock.UtcNow);
        release.SetResult("finished in time");
        var status = await completion;
        Assert.Equal("finished in time", status.ReadOutputAs<string>());
        Assert.Equal(TestHosts.Start, host.Clock.UtcNow);
    }
}
