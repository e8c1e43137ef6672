using Microsoft.Extensions.Logging.Abstractions;
using OrleansWorkflows.DurableTask.Grpc.Remote;
using OrleansWorkflows.DurableTask.Grpc.Workers;
using OrleansWorkflows.History;
using OrleansWorkflows.Replay;
using P = Microsoft.DurableTask.Protobuf;

namespace OrleansWorkflows.DurableTaskGrpcTests.Protocol;

/// <summary>One remote execution behind the engine's episode seam, with a worker stream but no host.</summary>
public sealed class RemoteExecutionTests
{
    private static readonly DateTime Now = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    [Fact]
    public async Task Episodes_SendPastAndNewEvents_AndTheWorkersActionsComeBackAsHistory()
    {
        var hub = new WorkerHub(NullLogger<WorkerHub>.Instance);
        var (worker, _) = WorkerHubTests.Connect(hub);
        var execution = new RemoteExecution("i", hub, TimeSpan.FromSeconds(30), () => { });

        var first = execution.RunEpisodeAsync([new OrchestratorStarted { Timestamp = Now }, new ExecutionStarted("Remote", "x1", "1") { Timestamp = Now }]).AsTask();
        var request = await worker.NextAsync();
        var answer = new P.OrchestratorResponse { CompletionToken = request.CompletionToken, CustomStatus = "\"busy\"" };
        answer.Actions.Add(new P.OrchestratorAction { Id = 0, ScheduleTask = new P.ScheduleTaskAction { Name = "A", Input = "2" } });
        hub.Complete(request.CompletionToken, answer);
        var result = await first;

        Assert.Equal((0, 2), (request.OrchestratorRequest.PastEvents.Count, request.OrchestratorRequest.NewEvents.Count));
        Assert.Equal(("i", "x1"), (request.OrchestratorRequest.InstanceId, request.OrchestratorRequest.ExecutionId));
        Assert.Equal(3, result.NewEvents.Count);
        Assert.Equal(new ScheduleActivityAction(0, "A", "2", 1), Assert.Single(result.Actions));
        Assert.True(execution.IsOpen<ScheduleActivityAction>(0));
        Assert.Equal("\"busy\"", execution.CustomStatus);

        var second = execution.RunEpisodeAsync([new OrchestratorStarted { Timestamp = Now }, new TaskCompleted(0, "3") { Timestamp = Now }]).AsTask();
        var next = await worker.NextAsync();
        var done = new P.OrchestratorResponse { CompletionToken = next.CompletionToken };
        done.Actions.Add(new P.OrchestratorAction
        {
            Id = 1, CompleteOrchestration = new P.CompleteOrchestrationAction { OrchestrationStatus = P.OrchestrationStatus.Completed, Result = "3" },
        });
        hub.Complete(next.CompletionToken, done);
        await second;

        Assert.Equal((3, 2), (next.OrchestratorRequest.PastEvents.Count, next.OrchestratorRequest.NewEvents.Count));
        Assert.Equal((OrchestrationRuntimeStatus.Completed, "3"), (execution.Outcome!.Status, execution.Outcome.Output));
        Assert.Empty(execution.OpenActions);
    }

    [Fact]
    public async Task NoWorker_CommitsWhatArrived_WaitsForAWorker_AndAsksAgainWithTheWholeHistory()
    {
        var hub = new WorkerHub(NullLogger<WorkerHub>.Instance);
        var woken = 0;
        var execution = new RemoteExecution("i", hub, TimeSpan.FromSeconds(30), () => Interlocked.Increment(ref woken));

        var result = await execution.RunEpisodeAsync([new OrchestratorStarted { Timestamp = Now }, new ExecutionStarted("Remote", "x1", null) { Timestamp = Now }]);

        Assert.Equal(2, result.NewEvents.Count);
        Assert.Empty(result.Actions);
        Assert.NotEmpty(execution.OpenActions);
        Assert.Null(execution.Outcome);

        var (worker, _) = WorkerHubTests.Connect(hub);
        Assert.Equal(1, woken);
        var retry = execution.RunEpisodeAsync([new OrchestratorStarted { Timestamp = Now }]).AsTask();
        var request = await worker.NextAsync();
        hub.Complete(request.CompletionToken, new P.OrchestratorResponse { CompletionToken = request.CompletionToken });
        await retry;

        Assert.Equal((2, 1), (request.OrchestratorRequest.PastEvents.Count, request.OrchestratorRequest.NewEvents.Count));
        Assert.Empty(execution.OpenActions);
    }

    [Fact]
    public async Task ResultOfATaskThatIsNotOpen_IsNotApplied()
    {
        var hub = new WorkerHub(NullLogger<WorkerHub>.Instance);
        var execution = new RemoteExecution("i", hub, TimeSpan.FromSeconds(30), () => { });
        await execution.ReplayAsync([new OrchestratorStarted { Timestamp = Now }, new ExecutionStarted("Remote", "x1", null) { Timestamp = Now }]);

        var result = await execution.RunEpisodeAsync([new OrchestratorStarted { Timestamp = Now }, new TaskCompleted(9, "1") { Timestamp = Now }]);

        Assert.IsType<OrchestratorStarted>(Assert.Single(result.NewEvents));
    }
}
