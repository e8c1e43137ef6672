namespace OrleansWorkflows.ClusterTests.TestGrains;

/// <inheritdoc cref="IProbeGrain" />
public sealed class ProbeGrain(ILocalSiloDetails silo) : Grain, IProbeGrain
{
    private int _calls;

    /// <inheritdoc />
    public Task<SiloAddress> WhereAsync() => Task.FromResult(silo.SiloAddress);

    /// <inheritdoc />
    public Task<int> IncrementAsync() => Task.FromResult(++_calls);
}
