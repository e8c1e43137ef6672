using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;
using Orleans.TestingHost;
using OrleansWorkflows.ClusterTests.Fixture;
using OrleansWorkflows.Engine;
using OrleansWorkflows.Hosting;
using OrleansWorkflows.Samples;
using OrleansWorkflows.Storage;
using Xunit;

namespace OrleansWorkflows.ClusterTests.Recovery;

/// <summary>
/// A one-silo cluster of its own whose store is a <see cref="FaultyWorkflowStore"/> (failed deliveries, counted writes)
/// with the engine's fault injection, the samples and the test workflows; recovery interval 2 s.
/// </summary>
public sealed class FaultyStoreFixture : IAsyncLifetime
{
    private readonly SharedInMemoryCluster _shared = new();
    private InProcessTestCluster? _cluster;

    internal FaultyWorkflowStore Store { get; private set; } = null!;

    /// <summary>The store under the wrapper (what was persisted).</summary>
    public InMemoryWorkflowStore Inner => _shared.Store;

    public EngineFaults Faults { get; } = new();

    /// <summary>The engine's work counters (inbox entries read per entity).</summary>
    internal EngineWorkCounters Counters { get; } = new();

    public IClusterClient Client => _cluster!.Client;

    public WorkflowClient Workflows { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Store = new FaultyWorkflowStore(_shared.Store);
        var probe = new TestProbe();
        var builder = new InProcessTestClusterBuilder(1);
        TestClusterMembership.Disable(builder.Options);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.UseSharedInMemoryCluster(_shared);
            silo.Services.RemoveAll<IWorkflowStore>();
            silo.Services.AddSingleton<IWorkflowStore>(Store);
            silo.Services.AddSingleton<ICommitInterceptor>(Faults);
            silo.Services.AddSingleton(Counters);
            silo.Services.AddSingleton(probe);
            silo.AddOrleansWorkflows(o =>
            {
                o.Registry.AddSamples();
                TestRegistrations.AddWorkflows(o.Registry);
                o.RecoveryInterval = ClusterFixture.RecoveryInterval;
            });
            silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
        });
        builder.ConfigureClient(client => client.UseSharedInMemoryCluster(_shared));
        _cluster = builder.Build();
        await _cluster.DeployAsync();
        Workflows = new WorkflowClient(Client);
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.StopAllSilosAsync();
            await _cluster.DisposeAsync();
        }
    }
}

/// <summary>The tests on the faulty-store cluster share it and run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultyStoreCollection : ICollectionFixture<FaultyStoreFixture>
{
    public const string Name = "Faulty store";
}
