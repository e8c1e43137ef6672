namespace OrleansWorkflows.DurableTaskGrpcTests.Protocol;

using Microsoft.DurableTask.Client;
using OrleansWorkflows.DurableTaskGrpcTests.Harness;
using OrleansWorkflows.Testing;

/// <summary>
/// What only OrleansWorkflows has to show: instances wait (never fail) while no worker serves them and complete once one
/// connects, also after their worker went away mid-run; in-process orchestrations call remote activities.
/// </summary>
public sealed class RemoteWorkerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Start_WithNoWorkerConnected_WaitsRunningAndCompletesWhenOneConnects()
    {
        await using var gateway = await GatewayHost.StartAsync();
        await using var app = await SdkWorker.StartAsync(gateway.GrpcAddress, tasks: null);
        using var timeout = new CancellationTokenSource(Timeout);

        var id = await app.Client.ScheduleNewOrchestrationInstanceAsync("HelloSequence", cancellation: timeout.Token);
        var waiting = await app.Client.GetInstanceAsync(id, timeout.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Running, waiting!.RuntimeStatus);

        await using var worker = await SdkWorker.StartAsync(gateway.GrpcAddress, ScenarioTasks.Register);
        var done = await app.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("""["Hello Tokyo!","Hello Seattle!","Hello London!"]""", done.SerializedOutput);
    }

    [Fact]
    public async Task Worker_GoneMidOrchestration_InstanceCompletesOnTheNextWorker()
    {
        await using var gateway = await GatewayHost.StartAsync();
        await using var app = await SdkWorker.StartAsync(gateway.GrpcAddress, tasks: null);
        using var timeout = new CancellationTokenSource(Timeout);
        string id;
        await using (var first = await SdkWorker.StartAsync(gateway.GrpcAddress, ScenarioTasks.Register))
        {
            id = await app.Client.ScheduleNewOrchestrationInstanceAsync("WaitForApproval", cancellation: timeout.Token);
            await Scenarios.EventScenarioTests.WaitForCustomStatusAsync(app.Client, id, "\"waiting\"", timeout.Token);
        }

        await app.Client.RaiseEventAsync(id, "Approval", "after the worker left", timeout.Token);
        var meanwhile = await app.Client.GetInstanceAsync(id, timeout.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Running, meanwhile!.RuntimeStatus);

        await using var second = await SdkWorker.StartAsync(gateway.GrpcAddress, ScenarioTasks.Register);
        var done = await app.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("\"approval:after the worker left\"", done.SerializedOutput);
    }

    /// <summary>
    /// A worker that goes away while it runs an activity (its work-item stream ends with the call unanswered, as when its
    /// process is killed; the activity never answers): the call goes to the next worker that connects, and the instance
    /// completes once, with one result per activity. Not differential: the oracle's worker runs inside it.
    /// </summary>
    [Fact]
    public async Task Worker_GoneWhileRunningAnActivity_ItsCallRunsOnTheNextWorker_AndTheInstanceCompletesOnce()
    {
        await using var gateway = await GatewayHost.StartAsync();
        await using var app = await SdkWorker.StartAsync(gateway.GrpcAddress, tasks: null);
        using var timeout = new CancellationTokenSource(Timeout);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var never = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        string id;
        await using (var first = await SdkWorker.StartAsync(gateway.GrpcAddress, tasks => tasks
            .AddOrchestratorFunc<object?, string[]>("HelloSequence", async (context, _) =>
            [
                await context.CallActivityAsync<string>("SayHello", "Tokyo"),
                await context.CallActivityAsync<string>("SayHello", "Seattle"),
                await context.CallActivityAsync<string>("SayHello", "London"),
            ])
            .AddActivityFunc<string, string>("SayHello", (_, _) =>
            {
                entered.TrySetResult();
                return never.Task;
            })))
        {
            id = await app.Client.ScheduleNewOrchestrationInstanceAsync("HelloSequence", cancellation: timeout.Token);
            await entered.Task.WaitAsync(timeout.Token);
        }

        await using var second = await SdkWorker.StartAsync(gateway.GrpcAddress, ScenarioTasks.Register);
        var done = await app.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
        never.TrySetResult("the first worker's late answer");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("""["Hello Tokyo!","Hello Seattle!","Hello London!"]""", done.SerializedOutput);
        var history = await app.Client.GetOrchestrationHistoryAsync(id, timeout.Token);
        Assert.Equal(3, history.Count(e => e.GetType().Name == "TaskCompletedEvent"));
        Assert.Single(history, e => e.GetType().Name == "ExecutionCompletedEvent");
    }

    [Fact]
    public async Task InProcessOrchestration_CallsAnActivityARemoteWorkerServes()
    {
        await using var gateway = await GatewayHost.StartAsync(engine: o => o.Registry.AddOrchestrator<LocalCallsRemote>());
        await using var worker = await SdkWorker.StartAsync(gateway.GrpcAddress, ScenarioTasks.Register);
        using var timeout = new CancellationTokenSource(Timeout);

        var id = await worker.Client.ScheduleNewOrchestrationInstanceAsync(nameof(LocalCallsRemote), "Oslo", timeout.Token);
        var done = await worker.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("\"Hello Oslo! (from an OrleansWorkflows orchestration)\"", done.SerializedOutput);
    }

    [Fact]
    public async Task RemoteActivity_WaitsForAWorker_AndRunsOnceOneConnects()
    {
        await using var gateway = await GatewayHost.StartAsync(engine: o => o.Registry.AddOrchestrator<LocalCallsRemote>());
        await using var app = await SdkWorker.StartAsync(gateway.GrpcAddress, tasks: null);
        using var timeout = new CancellationTokenSource(Timeout);
        var id = await app.Client.ScheduleNewOrchestrationInstanceAsync(nameof(LocalCallsRemote), "Lima", timeout.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await app.Client.GetInstanceAsync(id, timeout.Token))!.RuntimeStatus);

        await using var worker = await SdkWorker.StartAsync(gateway.GrpcAddress, ScenarioTasks.Register);
        var done = await app.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal("\"Hello Lima! (from an OrleansWorkflows orchestration)\"", done.SerializedOutput);
    }
}
