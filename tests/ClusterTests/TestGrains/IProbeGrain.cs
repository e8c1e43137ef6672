namespace OrleansWorkflows.ClusterTests.TestGrains;

/// <summary>A plain grain for cluster-mechanics tests: where does it run, and does it answer.</summary>
public interface IProbeGrain : IGrainWithStringKey
{
    /// <summary>The silo of this activation.</summary>
    Task<SiloAddress> WhereAsync();

    /// <summary>Counts calls to this activation (in memory: a new activation starts again at 1).</summary>
    Task<int> IncrementAsync();
}
