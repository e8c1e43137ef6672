using OrleansWorkflows.Engine;
using OrleansWorkflows.Replay;
using Xunit;

namespace OrleansWorkflows.UnitTests.Engine.Episodes;

/// <summary>When an orchestration is woken: the wake index holds every wake-up; a reminder only serves distant timers.</summary>
public sealed class WakeRulesTests
{
    private static readonly DateTime Now = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly WakeRules _rules = new(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), () => Now);

    [Fact]
    public void DurableWakeAt_OutstandingWork_IsOneRecoveryIntervalAhead_ElseTheFirstTimer_ElseNone()
    {
        var timer = new CreateTimerAction(1, Now.AddSeconds(10));
        var activity = new ScheduleActivityAction(2, "Charge", null, 1);

        Assert.Equal(Now.AddSeconds(10), _rules.DurableWakeAt(new FakeExecution { Open = [timer, activity] }, false, 0));
        Assert.Equal(Now.AddSeconds(30), _rules.DurableWakeAt(new FakeExecution { Open = [activity] }, false, 0));
        Assert.Equal(Now.AddSeconds(30), _rules.DurableWakeAt(null, false, undelivered: 1));
        Assert.Equal(Now.AddSeconds(30), _rules.DurableWakeAt(null, hasMessages: true, 0));
        Assert.Null(_rules.DurableWakeAt(null, false, 0));
    }

    [Fact]
    public void ReminderDue_OnlyForTimersBeyondThePrecisionHorizon()
    {
        var near = new CreateTimerAction(1, Now.AddMinutes(1));
        var far = new CreateTimerAction(2, Now.AddHours(3));

        Assert.Null(_rules.ReminderDue(new FakeExecution { Open = [near, new ScheduleActivityAction(3, "A", null, 1)] }));
        Assert.Equal(far.FireAt, _rules.ReminderDue(new FakeExecution { Open = [near, far] }));
        Assert.Null(_rules.ReminderDue(null));
    }
}
