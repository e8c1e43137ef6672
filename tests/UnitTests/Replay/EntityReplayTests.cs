using OrleansWorkflows.History;
using OrleansWorkflows.Replay;
using Xunit;

namespace OrleansWorkflows.UnitTests.Replay;

/// <summary>Entity calls, signals and critical sections in the replay executor: actions, history, replay and the rules.</summary>
public sealed class EntityReplayTests
{
    private static readonly EntityId A = new("Account", "a");
    private static readonly EntityId B = new("Account", "b");

    [Fact]
    public void SignalThenCall_RecordsBoth_TheAnswerCompletesTheCall_AndReplayAgrees()
    {
        var registry = Orchestration(async ctx =>
        {
            ctx.SignalEntity(A, "deposit", 2);
            return await ctx.CallEntityAsync<int>(A, "balance");
        });
        var harness = new ReplayHarness(registry);
        harness.Start("Test", null);
        Assert.Equal(
            [new SignalEntityAction(0, A, "deposit", "2"), new CallEntityAction(1, A, "balance", null)],
            harness.Dispatched.Cast<object>());

        harness.Episode(new EntityOperationCompleted(1, "2"));

        Assert.Equal("2", harness.Executor.Outcome?.Output);
        var replay = ReplayHarness.NewExecutor(registry);
        Assert.Empty(replay.Replay(harness.History).NewEvents);
        Assert.Equal("2", replay.Outcome?.Output);
    }

    [Fact]
    public void FailedOperation_SurfacesAsTaskFailedException_WithTheEntityAndDetails()
    {
        var harness = Started(async ctx =>
        {
            try
            {
                await ctx.CallEntityAsync(A, "withdraw", 5);
                return "no failure";
            }
            catch (TaskFailedException ex)
            {
                return $"{ex.TaskName}: {ex.FailureDetails.ErrorMessage}";
            }
        });

        harness.Episode(new EntityOperationFailed(0, new FailureDetails("System.InvalidOperationException", "Insufficient funds")));

        Assert.Equal("\"withdraw on @account@a: Insufficient funds\"", harness.Executor.Outcome?.Output);
    }

    [Fact]
    public void LockEntities_AcquiresOneAtATimeInGlobalOrder_AndReleasesOnDispose()
    {
        var harness = Started(async ctx =>
        {
            await using (await ctx.LockEntitiesAsync(B, A, B))
            {
                Assert.True(ctx.IsInCriticalSection);
                return await ctx.CallEntityAsync<int>(B, "balance");
            }
        });
        Assert.Equal([new LockEntityAction(0, A)], harness.Dispatched.Cast<object>());

        harness.Episode(new EntityLockGranted(0));
        Assert.Equal(new LockEntityAction(1, B), harness.Dispatched[^1]);
        harness.Episode(new EntityLockGranted(1));
        Assert.Equal(new CallEntityAction(2, B, "balance", null), harness.Dispatched[^1]);
        harness.Episode(new EntityOperationCompleted(2, "7"));

        Assert.Equal("7", harness.Executor.Outcome?.Output);
        Assert.Equal([new UnlockEntityAction(3, A), new UnlockEntityAction(4, B)], harness.Dispatched.TakeLast(2).Cast<object>());
        Assert.Empty(harness.Executor.HeldEntityLocks);
    }

    [Fact]
    public void LockNeverReleasedByTheCode_IsReportedAsHeldWhenTheExecutionEnds()
    {
        var harness = Started(async ctx =>
        {
            await ctx.LockEntitiesAsync(A);
            return 1;
        });
        harness.Episode(new EntityLockGranted(0));

        Assert.Equal(OrchestrationRuntimeStatus.Completed, harness.Executor.Outcome?.Status);
        Assert.Equal([A], harness.Executor.HeldEntityLocks);
    }

    [Fact]
    public void CodeThatFailsOnReplay_BeforeAskingForItsLock_StillReportsTheLockItsHistoryHolds()
    {
        var harness = Started(async ctx =>
        {
            await using (await ctx.LockEntitiesAsync(A))
            {
                return await ctx.CallEntityAsync<int>(A, "balance");
            }
        });
        harness.Episode(new EntityLockGranted(0));

        // A non-deterministic change: the new code calls an activity before locking.
        var changed = Orchestration(async ctx =>
        {
            await ctx.CallActivityAsync<string>("First");
            await using (await ctx.LockEntitiesAsync(A))
            {
                return await ctx.CallEntityAsync<int>(A, "balance");
            }
        });
        var replay = ReplayHarness.NewExecutor(changed);
        replay.Replay(harness.History);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, replay.Outcome?.Status);
        Assert.Equal([A], replay.HeldEntityLocks);
    }

    [Fact]
    public void FailureInsideACriticalSection_ReleasesTheLocks()
    {
        var harness = Started(async ctx =>
        {
            await using (await ctx.LockEntitiesAsync(A))
            {
                await ctx.CallEntityAsync(A, "withdraw", 1);
                return 0;
            }
        });
        harness.Episode(new EntityLockGranted(0));
        harness.Episode(new EntityOperationFailed(1, new FailureDetails("X", "no")));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, harness.Executor.Outcome?.Status);
        Assert.Equal(new UnlockEntityAction(2, A), harness.Dispatched[^1]);
    }

    [Theory]
    [InlineData("unlocked", "may call only the entities it locked")]
    [InlineData("nested", "cannot be nested")]
    [InlineData("child", "cannot start a sub-orchestration inside a critical section")]
    [InlineData("parallel", "only one call to an entity may be in flight")]
    public void CriticalSectionRules_AreEnforcedWithAClearError(string breach, string expected)
    {
        var harness = Started(async ctx =>
        {
            await using (await ctx.LockEntitiesAsync(A))
            {
                switch (breach)
                {
                    case "unlocked":
                        await ctx.CallEntityAsync(B, "balance");
                        break;
                    case "nested":
                        await ctx.LockEntitiesAsync(B);
                        break;
                    case "child":
                        await ctx.CallSubOrchestratorAsync("Other");
                        break;
                    default:
                        await Task.WhenAll(ctx.CallEntityAsync(A, "balance"), ctx.CallEntityAsync(A, "balance"));
                        break;
                }
            }

            return 0;
        });
        harness.Episode(new EntityLockGranted(0));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, harness.Executor.Outcome?.Status);
        Assert.Contains(expected, harness.Executor.Outcome?.Failure?.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(new UnlockEntityAction(harness.Dispatched[^1].Id, A), harness.Dispatched[^1]);
    }

    [Fact]
    public void Replay_EntityOperationRenamed_FailsWithNonDeterminismNamingBoth()
    {
        var original = Started(async ctx => await ctx.CallEntityAsync<int>(A, "balance"));
        original.Episode(new EntityOperationCompleted(0, "3"));
        var renamed = ReplayHarness.NewExecutor(Orchestration(async ctx => await ctx.CallEntityAsync<int>(A, "getBalance")));

        var result = renamed.Replay(original.History);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, renamed.Outcome?.Status);
        var message = Assert.IsType<ExecutionCompleted>(Assert.Single(result.NewEvents)).FailureDetails!.ErrorMessage;
        Assert.Contains("history recorded EntityOperationCalled 'balance' on '@account@a'", message, StringComparison.Ordinal);
        Assert.Contains("called entity operation 'getBalance' on '@account@a'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void HistoryContract_EntityEventsRoundTripWithNamedDiscriminators()
    {
        HistoryEvent[] events =
        [
            new EntityOperationCalled(0, "@account@a", "balance", null), new EntityOperationCompleted(0, "1"),
            new EntityOperationFailed(0, new FailureDetails("X", "y")), new EntitySignaled(1, "@account@a", "deposit", "2"),
            new EntityLockRequested(2, "@account@a"), new EntityLockGranted(2), new EntityUnlockSent(3, "@account@a"),
        ];
        var json = HistorySerializer.SerializeHistory(events);

        Assert.Equal(events, HistorySerializer.DeserializeHistory(json));
        Assert.Contains("\"eventType\":\"EntityLockGranted\"", json, StringComparison.Ordinal);
    }

    private static WorkflowRegistry Orchestration(Func<OrchestrationContext, Task<object?>> body) => new WorkflowRegistry().AddOrchestrator("Test", body);

    private static WorkflowRegistry Orchestration<T>(Func<OrchestrationContext, Task<T>> body) => Orchestration(async ctx => (object?)await body(ctx));

    private static ReplayHarness Started<T>(Func<OrchestrationContext, Task<T>> body)
    {
        var harness = new ReplayHarness(Orchestration(body));
        harness.Start("Test", null);
        return harness;
    }
}
