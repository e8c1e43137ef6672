namespace OrleansWorkflows.DurableTaskGrpcTests.Harness;

using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;

/// <summary>The oracle: the SDK's own in-process sidecar (<c>DurableTaskTestHost</c>, Durable Task Core in memory).</summary>
public sealed class OracleBackend : ISdkBackend
{
    private readonly DurableTaskTestHost _host;

    private OracleBackend(DurableTaskTestHost host)
    {
        _host = host;
    }

    public string Name => "InProcessTestHost";

    public DurableTaskClient Client => _host.Client;

    public static async Task<OracleBackend> StartAsync() => new(await DurableTaskTestHost.StartAsync(ScenarioTasks.Register));

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
