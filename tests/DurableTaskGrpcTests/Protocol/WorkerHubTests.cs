using Microsoft.Extensions.Logging.Abstractions;
using OrleansWorkflows.DurableTask.Grpc.Workers;
using OrleansWorkflows.DurableTaskGrpcTests.Harness;
using OrleansWorkflows.Testing;
using P = Microsoft.DurableTask.Protobuf;

namespace OrleansWorkflows.DurableTaskGrpcTests.Protocol;

/// <summary>The hub's completion tokens: only the answer to the latest dispatch completes work; a worker that leaves or
/// abandons has its work dispatched again; an instance whose episode got no answer is woken when a worker may answer.</summary>
public sealed class WorkerHubTests
{
    [Fact]
    public async Task Abandoned_IsDispatchedAgainWithANewToken_AndOnlyThatTokenCompletes()
    {
        var hub = new WorkerHub(NullLogger<WorkerHub>.Instance);
        var (worker, connection) = Connect(hub);
        var call = hub.RunActivityAsync("A", new P.ActivityRequest { Name = "A" });
        var first = await worker.NextAsync();

        Assert.True(hub.Abandon(first.CompletionToken));
        var second = await worker.NextAsync();
        Assert.NotEqual(first.CompletionToken, second.CompletionToken);
        Assert.False(hub.Complete(first.CompletionToken, new P.ActivityResponse { Result = "late" }));
        Assert.True(hub.Complete(second.CompletionToken, new P.ActivityResponse { Result = "\"ok\"" }));

        Assert.Equal("\"ok\"", (await call).Result);
        hub.Disconnect(connection);
    }

    [Fact]
    public async Task WorkerLeaving_HasItsUnansweredWorkDispatchedToTheNextWorker()
    {
        var hub = new WorkerHub(NullLogger<WorkerHub>.Instance);
        var (gone, goneConnection) = Connect(hub);
        var call = hub.RunActivityAsync("A", new P.ActivityRequest { Name = "A" });
        var lost = await gone.NextAsync();

        hub.Disconnect(goneConnection);
        var (next, _) = Connect(hub);
        var again = await next.NextAsync();

        Assert.Equal(P.WorkItem.RequestOneofCase.ActivityRequest, again.RequestCase);
        Assert.False(hub.Complete(lost.CompletionToken, new P.ActivityResponse()));
        Assert.True(hub.Complete(again.CompletionToken, new P.ActivityResponse { Result = "1" }));
        Assert.Equal("1", (await call).Result);
    }

    [Fact]
    public async Task Episode_WithNoWorker_ReturnsNoAnswerAtOnce_AndAWaitingInstanceIsWokenOnConnect()
    {
        var hub = new WorkerHub(NullLogger<WorkerHub>.Instance);
        var woken = 0;

        var connects = hub.Connects;
        var answer = await hub.RunOrchestratorAsync("O", new P.OrchestratorRequest { InstanceId = "i" }, TimeSpan.FromMinutes(1));
        hub.WakeWhenServed("i", "O", connects, TimeSpan.FromMinutes(1), () => Interlocked.Increment(ref woken));
        Assert.Equal(0, woken);
        Connect(hub);

        Assert.Null(answer);
        Assert.Equal(1, woken);
    }

    [Fact]
    public async Task Episode_WhoseWorkerConnectsBeforeItAsksToBeWoken_IsWokenAtOnce()
    {
        var hub = new WorkerHub(NullLogger<WorkerHub>.Instance);
        var woken = 0;

        var connects = hub.Connects;
        var answer = await hub.RunOrchestratorAsync("O", new P.OrchestratorRequest { InstanceId = "i" }, TimeSpan.FromMinutes(1));
        Connect(hub); // between the episode's "no worker" and its asking to be woken
        hub.WakeWhenServed("i", "O", connects, TimeSpan.FromMinutes(1), () => Interlocked.Increment(ref woken));

        Assert.Null(answer);
        Assert.Equal(1, woken);
    }

    [Fact]
    public async Task Episode_NotAnsweredInTimeByAServingWorker_IsWokenAfterThePause_NotOnlyWhenAnotherWorkerConnects()
    {
        var hub = new WorkerHub(NullLogger<WorkerHub>.Instance);
        var (worker, _) = Connect(hub);
        var woken = 0;

        var connects = hub.Connects;
        var answer = await hub.RunOrchestratorAsync("O", new P.OrchestratorRequest { InstanceId = "i" }, TimeSpan.FromMilliseconds(100));
        await worker.NextAsync();
        hub.WakeWhenServed("i", "O", connects, TimeSpan.FromSeconds(2), () => Interlocked.Increment(ref woken));

        Assert.Null(answer);
        Assert.Equal(0, woken); // not at once: the pause keeps a failing worker from being asked in a tight loop
        await Eventually.UntilAsync(() => Volatile.Read(ref woken) == 1, TimeSpan.FromSeconds(10), "the instance woken after the pause");
    }

    [Fact]
    public async Task Episode_AnsweredTooLate_IsWithdrawnAndTheLateAnswerIgnored()
    {
        var hub = new WorkerHub(NullLogger<WorkerHub>.Instance);
        var (worker, _) = Connect(hub);

        var answer = await hub.RunOrchestratorAsync("O", new P.OrchestratorRequest { InstanceId = "i" }, TimeSpan.FromMilliseconds(100));
        var sent = await worker.NextAsync();

        Assert.Null(answer);
        Assert.False(hub.Complete(sent.CompletionToken, new P.OrchestratorResponse()));
    }

    [Fact]
    public async Task Credits_AWorkerGetsNoMoreThanItsMaxConcurrent_TheRestGoesToOthersOrWaits()
    {
        var hub = new WorkerHub(NullLogger<WorkerHub>.Instance);
        var (one, oneConnection) = Connect(hub, maxActivities: 1);

        var first = hub.RunActivityAsync("A", new P.ActivityRequest { Name = "A", TaskId = 1 });
        var second = hub.RunActivityAsync("A", new P.ActivityRequest { Name = "A", TaskId = 2 });
        var sent = await one.NextAsync();
        Assert.Equal(1, sent.ActivityRequest.TaskId);
        Assert.Equal(1, oneConnection.ActivitiesInFlight); // the second waits: the only worker has no credit left

        var (many, manyConnection) = Connect(hub, maxActivities: 10);
        Assert.Equal(2, (await many.NextAsync()).ActivityRequest.TaskId);
        var third = hub.RunActivityAsync("A", new P.ActivityRequest { Name = "A", TaskId = 3 });
        Assert.Equal(3, (await many.NextAsync()).ActivityRequest.TaskId);
        Assert.Equal((1, 2), (oneConnection.ActivitiesInFlight, manyConnection.ActivitiesInFlight));

        Assert.True(hub.Complete(sent.CompletionToken, new P.ActivityResponse { Result = "1" }));
        Assert.Equal(0, oneConnection.ActivitiesInFlight);
        Assert.Equal("1", (await first).Result);
        Assert.False(second.IsCompleted || third.IsCompleted);
    }

    [Fact]
    public async Task Credits_WaitingWorkGoesOutWhenTheWorkerAnswers()
    {
        var hub = new WorkerHub(NullLogger<WorkerHub>.Instance);
        var (worker, connection) = Connect(hub, maxActivities: 1);
        var first = hub.RunActivityAsync("A", new P.ActivityRequest { Name = "A", TaskId = 1 });
        var second = hub.RunActivityAsync("A", new P.ActivityRequest { Name = "A", TaskId = 2 });
        var sent = await worker.NextAsync();
        Assert.Equal(1, connection.ActivitiesInFlight);

        Assert.True(hub.Abandon(sent.CompletionToken)); // an abandon frees the credit too, and the abandoned call goes out again
        var next = await worker.NextAsync();
        Assert.True(hub.Complete(next.CompletionToken, new P.ActivityResponse { Result = "a" }));
        var last = await worker.NextAsync();
        Assert.True(hub.Complete(last.CompletionToken, new P.ActivityResponse { Result = "b" }));

        Assert.Equal(["a", "b"], new[] { (await first).Result, (await second).Result }.Order());
        Assert.Equal(0, connection.ActivitiesInFlight);
    }

    internal static (RecordingStream Worker, WorkerConnection Connection) Connect(WorkerHub hub, int maxActivities = 0)
    {
        var stream = new RecordingStream();
        var connection = new WorkerConnection(stream, null, TimeSpan.FromMinutes(1), maxActivities: maxActivities);
        hub.Connect(connection);
        _ = connection.RunAsync(stream.Closed.Token);
        return (stream, connection);
    }
}
