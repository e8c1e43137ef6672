namespace OrleansWorkflows.DurableTaskGrpcTests.Harness;

using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using OrleansWorkflows.Testing;

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

    /// <summary>Starts it on a free port (its default, a random port of 30000-39999, may be taken by other test projects).</summary>
    public static async Task<OracleBackend> StartAsync() =>
        new(await DurableTaskTestHost.StartAsync(ScenarioTasks.Register, new DurableTaskTestHostOptions { Port = FreePorts.Take(1)[0] }));

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
