namespace OrleansWorkflows.Bench.Workloads;

/// <summary>What a workload run gets: the client of the silo under test, the silo process and the progress line.</summary>
/// <param name="Silo">The silo under test.</param>
/// <param name="Progress">The progress line.</param>
/// <param name="Label">The progress label of this run.</param>
internal sealed record BenchContext(SiloProcess Silo, Progress Progress, string Label)
{
    public WorkflowClient Client => Silo.Client;

    /// <summary>A fresh instance-id prefix, so runs never collide.</summary>
    public static string NewPrefix(string workload) => $"bench-{workload}-{Guid.NewGuid().ToString("N")[..8]}";
}
