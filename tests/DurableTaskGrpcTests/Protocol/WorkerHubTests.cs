using Microsoft.Extensions.Logging.Abstractions;
using OrleansWorkflows.DurableTask.Grpc.Workers;
using OrleansWorkflows.DurableTaskGrpcTests.Harness;
using P = Microsoft.DurableTask.Protobuf;

namespace OrleansWorkflows.DurableTaskGrpcTests.Protocol;

/// <summary>The hub's completion tokens: only the answer to the latest dispatch completes work; a worker that leaves or
/// abandons has its work dispatched again.</summary>
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

        var answer = await hub.RunOrchestratorAsync("O", new P.OrchestratorRequest { InstanceId = "i" }, TimeSpan.FromMinutes(1));
        hub.WakeWhenConnected("i", () => Interlocked.Increment(ref woken));
        Connect(hub);

        Assert.Null(answer);
        Assert.Equal(1, woken);
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

    internal static (RecordingStream Worker, WorkerConnection Connection) Connect(WorkerHub hub)
    {
        var stream = new RecordingStream();
        var connection = new WorkerConnection(stream, null, TimeSpan.FromMinutes(1));
        hub.Connect(connection);
        _ = connection.RunAsync(stream.Closed.Token);
        return (stream, connection);
    }
}
