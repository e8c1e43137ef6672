using Orleans.TestingHost;
using OrleansWorkflows.Runtime;

namespace OrleansWorkflows.ClusterTests.Fixture;

public sealed partial class ClusterFixture
{
    /// <summary>The running silos, oldest first.</summary>
    public IReadOnlyList<InProcessSiloHandle> Silos => InMemory.Silos;

    /// <inheritdoc cref="InMemoryTestCluster.KillSiloAsync"/>
    public Task KillSiloAsync(InProcessSiloHandle silo) => InMemory.KillSiloAsync(silo);

    /// <inheritdoc cref="InMemoryTestCluster.StartAdditionalSiloAsync"/>
    public Task<InProcessSiloHandle> StartAdditionalSiloAsync() => InMemory.StartAdditionalSiloAsync();

    /// <summary>Starts silos until <paramref name="count"/> are running (a test that killed one may have left fewer).</summary>
    /// <param name="count">The number of silos wanted.</param>
    public Task EnsureSilosAsync(int count = InitialSilos) => InMemory.EnsureSilosAsync(count);

    /// <inheritdoc cref="InMemoryTestCluster.WaitUntilDeclaredDeadAsync"/>
    public Task<TimeSpan> WaitUntilDeclaredDeadAsync(SiloAddress silo) => InMemory.WaitUntilDeclaredDeadAsync(silo);

    /// <inheritdoc cref="InMemoryTestCluster.StatusOfAsync"/>
    public Task<SiloStatus> StatusOfAsync(SiloAddress silo) => InMemory.StatusOfAsync(silo);

    /// <inheritdoc cref="InMemoryTestCluster.FindHostingSilo"/>
    public InProcessSiloHandle? FindHostingSilo(GrainId grainId) => InMemory.FindHostingSilo(grainId);

    /// <summary>The silo where orchestration instance <paramref name="instanceId"/> is active now, or <c>null</c>.</summary>
    /// <param name="instanceId">The instance id.</param>
    public InProcessSiloHandle? FindOrchestrationSilo(string instanceId) =>
        FindHostingSilo(Client.GetGrain<IOrchestrationGrain>(instanceId).GetGrainId());

    /// <summary>Deactivates <paramref name="grainId"/> wherever it is active and waits until it is gone.</summary>
    /// <param name="grainId">The grain.</param>
    public Task ForceDeactivateAsync(GrainId grainId) => Cluster.DeactivateAsync(grainId);
}
