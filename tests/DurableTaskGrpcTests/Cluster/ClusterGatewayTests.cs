using Grpc.Net.Client;
using Orleans.TestingHost;
using OrleansWorkflows.DurableTaskGrpcTests.Harness;
using OrleansWorkflows.History;
using OrleansWorkflows.Testing;
using P = Microsoft.DurableTask.Protobuf;

namespace OrleansWorkflows.DurableTaskGrpcTests.Cluster;

/// <summary>
/// Several silos, each a gateway with the Durable Task endpoint: work created on one silo reaches a worker connected to
/// another silo's gateway, a completion sent to any gateway is routed by its token, and an instance whose silo is killed
/// mid-run completes exactly once on the silo that is left.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterGatewayTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task InstanceOnOneSilo_RunsOnTheWorkerOfTheOtherGateway_AndCompletesOnceAfterItsSiloIsKilled()
    {
        await using var sidecars = await SidecarCluster.StartAsync();
        var (victim, survivor) = (sidecars.Silos[0], sidecars.Silos[1]);
        await using var worker = await SdkWorker.StartAsync(sidecars.AddressOf(survivor), ScenarioTasks.Register);
        await Eventually.UntilAsync(
            () => SidecarCluster.HubOf(victim).IsServedAnywhere(orchestration: true, "GreetApproveGreet"),
            Timeout,
            "the victim's hub knows the worker of the other gateway");

        await CompletesOnceAfterItsSiloIsKilledAsync(sidecars, victim, "the other gateway's worker");
    }

    /// <summary>
    /// Starts a <c>GreetApproveGreet</c> on <paramref name="victim"/>, waits until its first activity ran (its episodes on
    /// <paramref name="worker"/>), kills the silo, raises the event: the instance completes on another silo with its exact
    /// output, once.
    /// </summary>
    internal static async Task CompletesOnceAfterItsSiloIsKilledAsync(SidecarCluster sidecars, InProcessSiloHandle victim, string worker)
    {
        var id = await sidecars.StartOnAsync(victim, "GreetApproveGreet", $"kill-{Guid.NewGuid():N}");
        await Eventually.UntilAsync(
            async () => (await sidecars.Workflows.GetStatusAsync(id))?.SerializedCustomStatus == "\"waiting\"",
            Timeout,
            $"the first activity ran and the orchestration waits for its event (its episodes on {worker})");

        await sidecars.KillAsync(victim);
        await sidecars.Workflows.RaiseEventJsonAsync(id, "Approval", "\"after the kill\"");
        using var timeout = new CancellationTokenSource(Timeout);
        var done = await sidecars.Workflows.WaitForCompletionAsync(id, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("\"Hello before!|after the kill|Hello after!\"", done.SerializedOutput);
        var history = HistorySerializer.DeserializeHistory((await sidecars.Workflows.GetHistoryAsync(id)).SerializedEvents);
        Assert.Single(history.OfType<ExecutionCompleted>());
        Assert.Equal(2, history.OfType<TaskCompleted>().Count());
    }

    [Fact]
    public async Task ACompletionSentToAnotherGateway_IsRoutedToTheHubThatDispatchedIt()
    {
        await using var sidecars = await SidecarCluster.StartAsync();
        var (a, b) = (sidecars.Silos[0], sidecars.Silos[1]);
        using var channelA = GrpcChannel.ForAddress(sidecars.AddressOf(a));
        using var channelB = GrpcChannel.ForAddress(sidecars.AddressOf(b));
        var gatewayA = new P.TaskHubSidecarService.TaskHubSidecarServiceClient(channelA);
        var gatewayB = new P.TaskHubSidecarService.TaskHubSidecarServiceClient(channelB);
        using var timeout = new CancellationTokenSource(Timeout);
        var filters = new P.WorkItemFilters();
        filters.Orchestrations.Add(new P.OrchestrationFilter { Name = "OnlyARawWorkerServesThis" });
        using var stream = gatewayB.GetWorkItems(new P.GetWorkItemsRequest { WorkItemFilters = filters }, cancellationToken: timeout.Token);
        await Eventually.UntilAsync(
            () => SidecarCluster.HubOf(a).IsServedAnywhere(orchestration: true, "OnlyARawWorkerServesThis"),
            Timeout,
            "gateway A's hub knows the worker connected to gateway B");

        // A start returns once its first episode committed, which needs this test's answer: it is awaited after answering.
        var id = $"routed-{Guid.NewGuid():N}";
        var start = sidecars.Workflows.StartJsonAsync("OnlyARawWorkerServesThis", "\"in\"", id);
        P.WorkItem item;
        do
        {
            Assert.True(await stream.ResponseStream.MoveNext(timeout.Token), "the work-item stream ended");
            item = stream.ResponseStream.Current;
        }
        while (item.RequestCase != P.WorkItem.RequestOneofCase.OrchestratorRequest);

        var response = new P.OrchestratorResponse { InstanceId = id, CompletionToken = item.CompletionToken };
        response.Actions.Add(new P.OrchestratorAction
        {
            Id = 0,
            CompleteOrchestration = new P.CompleteOrchestrationAction { OrchestrationStatus = P.OrchestrationStatus.Completed, Result = "\"routed\"" },
        });
        await gatewayA.CompleteOrchestratorTaskAsync(response, cancellationToken: timeout.Token);
        await start;
        var done = await sidecars.Workflows.WaitForCompletionAsync(id, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("\"routed\"", done.SerializedOutput);
        Assert.StartsWith(SidecarCluster.HubOf(b).Id + ".", item.CompletionToken, StringComparison.Ordinal);
    }
}

/// <summary>The cluster tests start clusters of their own: one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterCollection
{
    public const string Name = "Durable Task endpoint clusters";
}
