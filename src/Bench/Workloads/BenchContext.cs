namespace OrleansWorkflows.Bench.Workloads;

/// <summary>What a workload run gets: the silo under test and its client, or the Durable Task SDK target; the progress line.</summary>
/// <param name="UnderTest">The silo, or the SDK target (<see cref="SdkTarget"/>) of the SDK rows.</param>
/// <param name="Progress">The progress line.</param>
/// <param name="Label">The progress label of this run.</param>
internal sealed record BenchContext(UnderTest UnderTest, Progress Progress, string Label)
{
    /// <summary>The silo under test (not in the SDK rows).</summary>
    public SiloProcess Silo => UnderTest.Silo ?? throw new InvalidOperationException("This workload runs on an OrleansWorkflows silo only.");

    public WorkflowClient Client => Silo.Client;

    /// <summary>The Durable Task SDK target in the SDK rows (<c>--transport grpc</c>, <c>--backend testhost</c>), else <c>null</c>.</summary>
    public SdkTarget? Sdk => UnderTest.Sdk;

    /// <summary>A fresh instance-id prefix, so runs never collide.</summary>
    public static string NewPrefix(string workload) => $"bench-{workload}-{Guid.NewGuid().ToString("N")[..8]}";
}

/// <summary>
/// What a run drives and measures: an OrleansWorkflows silo through its Orleans client, or (the SDK rows) a Durable Task
/// SDK target: the gateway's gRPC endpoint with a remote worker process, or InProcessTestHost.
/// </summary>
/// <param name="Silo">The silo (<c>null</c> in the SDK rows).</param>
/// <param name="Sdk">The SDK target (<c>null</c> in the in-process rows).</param>
internal sealed record UnderTest(SiloProcess? Silo, SdkTarget? Sdk)
{
    /// <summary>The process that runs the engine: the silo, the gateway embedding it, or the test host ("silo CPU").</summary>
    public int ProcessId => Sdk?.ProcessId ?? Silo!.ProcessId;

    /// <summary>Another process of the benchmark's own: the HTTP gateway of syncstart, or the SDK worker.</summary>
    public int? HelperProcessId => Sdk?.WorkerProcessId ?? Silo?.GatewayProcessId;

    /// <summary>The rows' backend label: the backend's name, or the SDK target's (<c>memory+grpc</c>, <c>testhost</c>).</summary>
    public string Label(string backend) => Sdk?.Label ?? backend;
}
