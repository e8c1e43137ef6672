using OrleansWorkflows.History;
using OrleansWorkflows.Replay;
using Xunit;

namespace OrleansWorkflows.UnitTests.Replay;

public sealed class RewindRulesTests
{
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Rewind_VoidsEarlierFailures_SoTheFailedTaskIsOpenAgain_AndTheCodeResumesOnItsResult()
    {
        var registry = new WorkflowRegistry().AddOrchestrator("Fragile", async ctx =>
        {
            var first = await ctx.CallActivityAsync<string>("Stable");
            var second = await ctx.CallActivityAsync<string>("Fragile");
            return $"{first}+{second}";
        });
        var harness = new ReplayHarness(registry);
        harness.Start("Fragile", null);
        harness.Episode(new TaskCompleted(0, "\"a\""));
        harness.Episode(new TaskFailed(1, new FailureDetails("System.Exception", "boom")));
        Assert.Equal(OrchestrationRuntimeStatus.Failed, harness.Executor.Outcome?.Status);

        var rewound = harness.History.Concat([new OrchestratorStarted { Timestamp = T0 }, new ExecutionRewound("fixed") { Timestamp = T0 }]).ToList();
        var effective = RewindRules.Effective(rewound);
        Assert.DoesNotContain(effective, e => e is TaskFailed or ExecutionCompleted);
        Assert.Equal(rewound.Count - 2, effective.Count);

        var executor = ReplayHarness.NewExecutor(registry);
        Assert.Empty(executor.Replay(effective).NewEvents);
        Assert.Null(executor.Outcome);
        var open = Assert.IsType<ScheduleActivityAction>(Assert.Single(executor.OpenActions));
        Assert.Equal(("Fragile", 1), (open.Name, open.Id));

        executor.RunEpisode([new OrchestratorStarted { Timestamp = T0 }, new TaskCompleted(1, "\"b\"")]);
        Assert.Equal("a+b", WorkflowJson.Deserialize<string>(executor.Outcome?.Output));
    }

    [Fact]
    public void Replay_OfTheStoredRewoundHistory_AppliesTheRewindRules_SoActivationReopensTheFailedTask()
    {
        var registry = new WorkflowRegistry().AddOrchestrator("Fragile", async ctx => await ctx.CallActivityAsync<string>("Fragile"));
        var harness = new ReplayHarness(registry);
        harness.Start("Fragile", null);
        harness.Episode(new TaskFailed(0, new FailureDetails("System.Exception", "boom")));
        IReadOnlyList<HistoryEvent> stored = [.. harness.History, new OrchestratorStarted { Timestamp = T0 }, new ExecutionRewound("fixed") { Timestamp = T0 }];

        // What an activation after the rewind does: replay the stored history as it is.
        var executor = ReplayHarness.NewExecutor(registry);
        Assert.Empty(executor.Replay(stored).NewEvents);
        Assert.Null(executor.Outcome);
        Assert.True(executor.IsOpen<ScheduleActivityAction>(0));
    }

    [Fact]
    public void AFailureRecordedWhileALockIsHeld_IsReported_OneAfterTheSectionEnded_IsNot()
    {
        var failure = new FailureDetails("E", "m");
        var account = new EntityId("Account", "a");
        IReadOnlyList<HistoryEvent> insideSection =
        [
            new EntityLockRequested(0, account.ToString()), new EntityLockGranted(0), new TaskScheduled(1, "Pay", null), new TaskFailed(1, failure),
            new ExecutionCompleted(OrchestrationRuntimeStatus.Failed, null, failure),
        ];
        IReadOnlyList<HistoryEvent> afterSection =
        [
            new EntityLockRequested(0, account.ToString()), new EntityLockGranted(0), new EntityUnlockSent(1, account.ToString()),
            new TaskScheduled(2, "Pay", null), new TaskFailed(2, failure), new ExecutionCompleted(OrchestrationRuntimeStatus.Failed, null, failure),
        ];

        Assert.Equal([account], RewindRules.LocksHeldAtAVoidedFailure(insideSection));
        Assert.Null(RewindRules.LocksHeldAtAVoidedFailure(afterSection));
    }

    [Fact]
    public void HistoryWithoutRewind_IsReplayedAsRecorded()
    {
        IReadOnlyList<HistoryEvent> history = [new OrchestratorStarted { Timestamp = T0 }, new TaskFailed(0, new FailureDetails("E", "m"))];
        Assert.Same(history, RewindRules.Effective(history));
    }

    [Fact]
    public void FailuresAfterTheLastRewind_StillCount()
    {
        var failure = new FailureDetails("E", "again");
        IReadOnlyList<HistoryEvent> history =
        [
            new TaskFailed(0, failure), new ExecutionRewound("one"), new TaskFailed(0, failure), new ExecutionRewound("two"), new TaskFailed(0, failure),
        ];
        var effective = RewindRules.Effective(history);
        Assert.Equal(3, effective.Count);
        Assert.IsType<TaskFailed>(effective[^1]);
    }
}
