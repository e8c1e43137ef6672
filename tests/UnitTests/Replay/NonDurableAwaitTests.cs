using Microsoft.Extensions.Logging.Abstractions;
using OrleansWorkflows.History;
using OrleansWorkflows.Replay;
using Xunit;

namespace OrleansWorkflows.UnitTests.Replay;

/// <summary>Orchestrations that await something non-durable fail with a clear error instead of hanging.</summary>
public sealed class NonDurableAwaitTests
{
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

#pragma warning disable RS0030 // these orchestrations misbehave on purpose
    [Fact]
    public void TaskDelay_Awaited_FailsAsStuckWithGuidance()
    {
        var outcome = RunFirstEpisode(async ctx =>
        {
            await Task.Delay(TimeSpan.FromMilliseconds(30));
            return "never";
        });

        Assert.Equal(OrchestrationRuntimeStatus.Failed, outcome.Status);
        Assert.Contains("is stuck", outcome.Failure!.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("Task.Delay", outcome.Failure.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void TaskRun_Awaited_FailsInsteadOfHanging()
    {
        var outcome = RunFirstEpisode(async ctx =>
        {
            await Task.Run(() => Thread.Sleep(30));
            return "never";
        });

        Assert.Equal(OrchestrationRuntimeStatus.Failed, outcome.Status);
    }

    [Fact]
    public void ConfigureAwaitFalse_NextContextCallFails_AndUserCatchCannotHideIt()
    {
        var registry = new WorkflowRegistry().AddOrchestrator("Escapes", async ctx =>
        {
            await ctx.CallActivityAsync<string>("A").ConfigureAwait(false);
            try
            {
                await ctx.CallActivityAsync<string>("B");
            }
            catch (InvalidOperationException)
            {
                // swallowed on purpose
            }

            return "done";
        });
        var executor = ReplayHarness.NewExecutor(registry);
        executor.RunEpisode([new OrchestratorStarted { Timestamp = T0 }, new ExecutionStarted("Escapes", "e1", null) { Timestamp = T0 }]);
        executor.RunEpisode([new OrchestratorStarted { Timestamp = T0 }, new TaskCompleted(0, "\"a\"")]);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, executor.Outcome?.Status);
        Assert.Contains("ConfigureAwait(false)", executor.Outcome!.Failure!.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ContinuationFromAnotherThread_IsNeverRun_WakesTheOwner_AndFailsTheNextEpisode()
    {
        var woken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var outside = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously); // a non-durable task
        var ranAfterAwait = false;
        var registry = new WorkflowRegistry().AddOrchestrator("Sneaky", async ctx =>
        {
            await Task.WhenAny(outside.Task, ctx.CreateTimer(TimeSpan.FromHours(1), CancellationToken.None));
            ranAfterAwait = true;
            return "never";
        });
        var executor = new OrchestrationExecutor(
            "sneaky", name => registry.CreateOrchestrator(name, new EmptyServices()), NullLoggerFactory.Instance, () => woken.TrySetResult());
        executor.RunEpisode([new OrchestratorStarted { Timestamp = T0 }, new ExecutionStarted("Sneaky", "e1", null) { Timestamp = T0 }]);
        Assert.Null(executor.Outcome);

        // It completes on another thread once the episode is over (as a Task.Delay would, but never during the episode,
        // whatever the machine's load).
        await Task.Run(outside.SetResult);

        await woken.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var result = executor.RunEpisode([new OrchestratorStarted { Timestamp = T0.AddSeconds(1) }]);

        Assert.False(ranAfterAwait);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, executor.Outcome?.Status);
        Assert.Contains("not a durable task", executor.Outcome!.Failure!.ErrorMessage, StringComparison.Ordinal);
        Assert.IsType<ExecutionCompleted>(result.NewEvents[^1]);
    }

    [Fact]
    public async Task TimerToken_CanceledFromAnotherThread_LeavesTheExecutorAlone_AndFailsTheNextEpisodeClearly()
    {
        using var cancel = new CancellationTokenSource();
        var (executor, woken) = StartWithToken(cancel.Token, (ctx, token) => ctx.CreateTimer(ctx.CurrentUtcDateTime.AddHours(1), token));
        var timer = Assert.IsType<CreateTimerAction>(Assert.Single(executor.OpenActions));

        // What CancelAfter does: the token is canceled on a thread-pool thread while no episode runs.
        await Task.Run(cancel.Cancel);

        await woken.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal([timer], executor.OpenActions);
        executor.RunEpisode([new OrchestratorStarted { Timestamp = T0.AddSeconds(1) }]);
        AssertFailedForOutsideCancellation(executor);
    }

    [Fact]
    public async Task EventWaitToken_CanceledFromAnotherThread_LeavesTheExecutorAlone_AndFailsTheNextEpisodeClearly()
    {
        using var cancel = new CancellationTokenSource();
        var (executor, woken) = StartWithToken(cancel.Token, (ctx, token) => ctx.WaitForExternalEvent<string>("Go", token));

        await Task.Run(cancel.Cancel);

        await woken.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var result = executor.RunEpisode([new OrchestratorStarted { Timestamp = T0.AddSeconds(1) }, new EventRaised("Go", "\"late\"") { Timestamp = T0 }]);
        AssertFailedForOutsideCancellation(executor);
        Assert.IsType<ExecutionCompleted>(result.NewEvents[^1]);
    }

    private static (OrchestrationExecutor Executor, TaskCompletionSource Woken) StartWithToken(CancellationToken token, Func<OrchestrationContext, CancellationToken, Task> wait)
    {
        var woken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var registry = new WorkflowRegistry().AddOrchestrator("CancelAfter", async ctx =>
        {
            try
            {
                await wait(ctx, token);
                return "arrived";
            }
            catch (TaskCanceledException)
            {
                return "canceled";
            }
        });
        var executor = new OrchestrationExecutor(
            "cancel-after", name => registry.CreateOrchestrator(name, new EmptyServices()), NullLoggerFactory.Instance, () => woken.TrySetResult());
        executor.RunEpisode([new OrchestratorStarted { Timestamp = T0 }, new ExecutionStarted("CancelAfter", "e1", null) { Timestamp = T0 }]);
        Assert.Null(executor.Outcome);
        return (executor, woken);
    }

    private static void AssertFailedForOutsideCancellation(OrchestrationExecutor executor)
    {
        Assert.Equal(OrchestrationRuntimeStatus.Failed, executor.Outcome?.Status);
        Assert.Contains("CancellationToken", executor.Outcome!.Failure!.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("CancelAfter", executor.Outcome.Failure.ErrorMessage, StringComparison.Ordinal);
    }
#pragma warning restore RS0030

    private static ExecutionOutcome RunFirstEpisode(Func<OrchestrationContext, Task<object?>> body)
    {
        var registry = new WorkflowRegistry().AddOrchestrator("Bad", body);
        var executor = ReplayHarness.NewExecutor(registry);
        executor.RunEpisode([new OrchestratorStarted { Timestamp = T0 }, new ExecutionStarted("Bad", "e1", null) { Timestamp = T0 }]);
        return executor.Outcome ?? throw new Xunit.Sdk.XunitException("The episode should have failed the instance.");
    }

    private sealed class EmptyServices : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }
}
