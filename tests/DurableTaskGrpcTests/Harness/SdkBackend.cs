namespace OrleansWorkflows.DurableTaskGrpcTests.Harness;

using Microsoft.DurableTask.Client;

/// <summary>Something a Durable Task SDK client and worker run against: the oracle or OrleansWorkflows.</summary>
public interface ISdkBackend : IAsyncDisposable
{
    /// <summary>For messages: which backend observed what.</summary>
    string Name { get; }

    /// <summary>The SDK client connected to it (its worker runs <see cref="ScenarioTasks"/>).</summary>
    DurableTaskClient Client { get; }
}
