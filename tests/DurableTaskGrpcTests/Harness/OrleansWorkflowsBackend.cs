namespace OrleansWorkflows.DurableTaskGrpcTests.Harness;

using Microsoft.DurableTask.Client;

/// <summary>OrleansWorkflows: the gateway's Durable Task endpoint with an SDK worker running <see cref="ScenarioTasks"/>.</summary>
public sealed class OrleansWorkflowsBackend : ISdkBackend
{
    private OrleansWorkflowsBackend(GatewayHost gateway, SdkWorker worker)
    {
        Gateway = gateway;
        Worker = worker;
    }

    public string Name => "OrleansWorkflows";

    public DurableTaskClient Client => Worker.Client;

    public GatewayHost Gateway { get; }

    public SdkWorker Worker { get; }

    public static async Task<OrleansWorkflowsBackend> StartAsync()
    {
        var gateway = await GatewayHost.StartAsync();
        return new OrleansWorkflowsBackend(gateway, await SdkWorker.StartAsync(gateway.GrpcAddress, ScenarioTasks.Register));
    }

    public async ValueTask DisposeAsync()
    {
        await Worker.DisposeAsync();
        await Gateway.DisposeAsync();
    }
}
