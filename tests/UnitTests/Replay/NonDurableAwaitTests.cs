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
        var ranAfterAwait = false;
        var registry = new WorkflowRegistry().AddOrchestrator("Sneaky", async ctx =>
        {
            await Task.WhenAny(Task.Delay(20), ctx.CreateTimer(TimeSpan.FromHours(1), CancellationToken.None));
            ranAfterAwait = true;
            return "never";
        });
        var executor = new OrchestrationExecutor(
            "sneaky", name => registry.CreateOrchestrator(name, new EmptyServices()), NullLoggerFactory.Instance, () => woken.TrySetResult());
        executor.RunEpisode([new OrchestratorStarted { Timestamp = T0 }, new ExecutionStarted("Sneaky", "e1", null) { Timestamp = T0 }]);
        Assert.Null(executor.Outcome);

        await woken.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var result = executor.RunEpisode([new OrchestratorStarted { Timestamp = T0.AddSeconds(1) }]);

        Assert.False(ranAfterAwait);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, executor.Outcome?.Status);
        Assert.Contains("not a durable task", executor.Outcome!.Failure!.ErrorMessage, StringComparison.Ordinal);
        Assert.IsType<ExecutionCompleted>(result.NewEvents[^1]);
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
