using System.Reflection;
using Google.Protobuf;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansWorkflows.DurableTask.Grpc.Cluster;
using OrleansWorkflows.DurableTask.Grpc.Workers;
using OrleansWorkflows.Testing;
using P = Microsoft.DurableTask.Protobuf;

namespace OrleansWorkflows.DurableTaskGrpcTests.Protocol;

/// <summary>
/// A hub whose own workers do not serve an activity, with the hubs of other gateways whose workers do (fakes, reached
/// through the observers of their offers): a call placed with one gateway is asked for there until answered, never run at
/// the others too; and it moves on when the gateway that holds it fails.
/// </summary>
public sealed class WorkerHubRoutingTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ActivityCallNotAnsweredYet_IsAskedForAgainAtTheGatewayThatHoldsIt_NotRunAtTheOtherGatewaysToo()
    {
        FakeGateway[] gateways = [new(answerOnAsk: 3), new(answerOnAsk: 3), new(answerOnAsk: 3)];
        var hub = Attached(gateways);

        var response = await hub.RunActivityAsync("Long", new P.ActivityRequest { Name = "Long" }).WaitAsync(Timeout);

        Assert.Equal("\"answered on ask 3\"", response.Result);
        Assert.Equal(new[] { 0, 0, 3 }, gateways.Select(g => g.Asks.Count).Order());
    }

    [Fact]
    public async Task ActivityCallWhoseGatewayFails_MovesToAGatewayThatServesIt()
    {
        var failing = new FakeGateway(answerOnAsk: int.MaxValue) { FailFromAsk = 2 };
        var other = new FakeGateway(answerOnAsk: 1);
        var hub = Attached(failing);

        var call = hub.RunActivityAsync("Long", new P.ActivityRequest { Name = "Long" });
        await Eventually.UntilAsync(() => failing.Asks.Count == 2, Timeout, "the call placed with the first gateway, asked for again there");
        hub.SetOffers([Offer("failing", failing), Offer("other", other)]);
        failing.Release.TrySetResult();
        var response = await call.WaitAsync(Timeout);

        Assert.Equal("\"answered on ask 1\"", response.Result);
        Assert.Equal(failing.Asks[0], Assert.Single(other.Asks));
    }

    /// <summary>A hub attached to a cluster of no grains, knowing the offers of <paramref name="gateways"/>.</summary>
    private static WorkerHub Attached(params FakeGateway[] gateways)
    {
        var hub = new WorkerHub(NullLogger<WorkerHub>.Instance);
        hub.AttachCluster(DispatchProxy.Create<IGrainFactory, NoGrains>(), () => { });
        hub.SetOffers([.. gateways.Select((g, i) => Offer($"gateway-{i}", g))]);
        return hub;
    }

    private static WorkerOffer Offer(string hubId, FakeGateway gateway) =>
        new(hubId, ServesAll: true, [], [], Workers: 1, DateTime.MaxValue, gateway);

    /// <summary>The grain factory: never called (every other hub is reached through its observer).</summary>
    public class NoGrains : DispatchProxy
    {
        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            throw new NotSupportedException($"No grain is called in these tests ({targetMethod?.Name}).");
    }

    /// <summary>
    /// Another gateway's hub: records the call id of every ask for an activity call; answers on its
    /// <c>answerOnAsk</c>-th ask (before it, "not answered yet"); from ask <see cref="FailFromAsk"/> on it fails (its
    /// gateway is gone), the first such ask once <see cref="Release"/> is set.
    /// </summary>
    private sealed class FakeGateway(int answerOnAsk) : IWorkerHubObserver
    {
        public List<string> Asks { get; } = [];

        public int FailFromAsk { get; init; } = int.MaxValue;

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<byte[]?> AwaitActivityAsync(string callId, string name, byte[] request, TimeSpan wait)
        {
            int ask;
            lock (Asks)
            {
                Asks.Add(callId);
                ask = Asks.Count;
            }

            if (ask >= FailFromAsk)
            {
                await Release.Task;
                throw new InvalidOperationException("The gateway is gone.");
            }

            return ask == answerOnAsk ? new P.ActivityResponse { Result = $"\"answered on ask {ask}\"" }.ToByteArray() : null;
        }

        public Task<byte[]?> RunOrchestratorAsync(string name, byte[] request, TimeSpan deadline) => throw new NotSupportedException();

        public Task<bool> CompleteAsync(string token, byte[] response, bool orchestration) => throw new NotSupportedException();

        public Task<bool> AbandonAsync(string token) => throw new NotSupportedException();

        public Task WorkerConnectedAsync() => Task.CompletedTask;
    }
}
