using OrleansWorkflows.DurableTaskGrpcTests.Harness;
using OrleansWorkflows.Testing;

namespace OrleansWorkflows.DurableTaskGrpcTests.Cluster;

/// <summary>
/// The gateway as a client of the cluster (as <c>src/Gateway</c> on PostgreSQL or Azure Storage): the silos run remote
/// work but serve no endpoint, the worker is connected to the client gateway, whose hub the silos reach through its
/// observer. Instances on every silo run there, and an instance whose silo is killed mid-run completes exactly once on
/// the silo that is left. (<c>tests/ProcessTests</c> runs the same with the stock processes on PostgreSQL.)
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClientGatewayTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task AGatewayThatIsAClusterClient_RunsTheWorkOfEverySilo_AndAnInstanceCompletesOnceAfterItsSiloIsKilled()
    {
        await using var sidecars = await SidecarCluster.StartAsync(endpoints: false);
        var (address, gatewayHub) = await sidecars.StartClientGatewayAsync();
        await using var worker = await SdkWorker.StartAsync(address, ScenarioTasks.Register);
        await Eventually.UntilAsync(
            () => sidecars.Silos.All(s => SidecarCluster.HubOf(s).IsServedAnywhere(orchestration: true, "GreetApproveGreet")),
            Timeout,
            "every silo's hub knows the worker of the client gateway");
        using var timeout = new CancellationTokenSource(Timeout);

        var ids = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            ids.Add(await worker.Client.ScheduleNewOrchestrationInstanceAsync("HelloSequence", cancellation: timeout.Token));
        }

        foreach (var id in ids)
        {
            var hello = await worker.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
            Assert.Equal(Microsoft.DurableTask.Client.OrchestrationRuntimeStatus.Completed, hello.RuntimeStatus);
            Assert.Equal("""["Hello Tokyo!","Hello Seattle!","Hello London!"]""", hello.SerializedOutput);
        }

        await ClusterGatewayTests.CompletesOnceAfterItsSiloIsKilledAsync(sidecars, sidecars.Silos[0], "the client gateway's worker");
        Assert.Equal(1, gatewayHub.ConnectedWorkers);
    }
}
