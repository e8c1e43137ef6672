namespace OrleansWorkflows.DurableTaskGrpcTests.Protocol;

using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using OrleansWorkflows.DurableTaskGrpcTests.Harness;
using OrleansWorkflows.Testing;

/// <summary>
/// Work is spread over several workers by their credits (<c>maxConcurrent*</c> of their work-item stream): a worker that
/// takes one activity at a time is sent one, the others go to a worker with room for them.
/// </summary>
public sealed class WorkerCreditsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task TwoWorkers_OneTakingOneActivityAtATime_GetsOne_TheOtherRunsTheRest()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var heldBySlow = 0;
        var ranOnRoomy = 0;
        await using var gateway = await GatewayHost.StartAsync();
        await using var slow = await SdkWorker.StartAsync(
            gateway.GrpcAddress,
            tasks => Register(tasks, async () =>
            {
                Interlocked.Increment(ref heldBySlow);
                await gate.Task;
            }),
            options: o => o.Concurrency.MaximumConcurrentActivityWorkItems = 1);
        await using var roomy = await SdkWorker.StartAsync(
            gateway.GrpcAddress,
            tasks => Register(tasks, () =>
            {
                Interlocked.Increment(ref ranOnRoomy);
                return Task.CompletedTask;
            }));
        using var timeout = new CancellationTokenSource(Timeout);

        var id = await roomy.Client.ScheduleNewOrchestrationInstanceAsync("FanOutHolds", 10, timeout.Token);

        // Without credits the calls are dealt round robin: about half queue behind the held one on the slow worker.
        await Eventually.HoldsAsync(
            () => Task.FromResult((Volatile.Read(ref heldBySlow) == 1 && Volatile.Read(ref ranOnRoomy) == 9, $"held by the slow worker {heldBySlow}, run by the roomy one {ranOnRoomy}")),
            Timeout,
            "one call held by the slow worker, the other nine run by the roomy one");
        gate.SetResult();
        var done = await roomy.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("10", done.SerializedOutput);
        Assert.Equal((1, 9), (heldBySlow, ranOnRoomy));
    }

    /// <summary>The same orchestration on both workers; the activity <c>Hold</c> runs <paramref name="hold"/>, then returns 1.</summary>
    private static void Register(DurableTaskRegistry tasks, Func<Task> hold)
    {
        tasks.AddOrchestratorFunc<int, int>("FanOutHolds", async (context, count) =>
            (await Task.WhenAll(Enumerable.Range(0, count).Select(i => context.CallActivityAsync<int>("Hold", i)))).Sum());
        tasks.AddActivityFunc<int, int>("Hold", async (_, _) =>
        {
            await hold();
            return 1;
        });
    }
}
