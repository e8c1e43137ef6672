using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.TestingHost;
using OrleansWorkflows.Hosting;
using OrleansWorkflows.Samples;
using OrleansWorkflows.Storage;
using Xunit;

namespace OrleansWorkflows.ClusterTests.Fixture;

/// <summary>
/// One in-process Orleans cluster for all cluster tests (see <see cref="ClusterCollection"/>): two silos running the
/// engine with the samples and the test registrations (<see cref="TestRegistrations"/>), short activity leases and
/// recovery intervals, and fast failure detection. Store, reminders and membership live in one
/// <see cref="SharedInMemoryCluster"/> outside the silos, so any silo — the first one included — can be killed and the
/// others carry on. Tests share the cluster: use ids unique to the test, and leave at least
/// <see cref="InitialSilos"/> silos running (<see cref="EnsureSilosAsync"/>).
/// </summary>
public sealed partial class ClusterFixture : IAsyncLifetime
{
    /// <summary>The number of silos the cluster starts with.</summary>
    public const short InitialSilos = 2;

    /// <summary>The activity lease of the test silos.</summary>
    public static readonly TimeSpan ActivityLease = TimeSpan.FromSeconds(2);

    /// <summary>The recovery interval of the test silos (reminders may be this short: the minimum period is lowered).</summary>
    public static readonly TimeSpan RecoveryInterval = TimeSpan.FromSeconds(2);

    /// <summary>Creates (but does not start) the cluster.</summary>
    public ClusterFixture() =>
        InMemory = new InMemoryTestCluster(
            InitialSilos,
            ConfigureSilo,
            Environment.GetEnvironmentVariable("CLUSTER_TEST_LOGS") == "1",
            client => client.Services.AddSingleton<IOutgoingGrainCallFilter>(new ControlCallSendRecorder(Probe)));

    /// <summary>The in-memory cluster (shared storage, silo kills and starts).</summary>
    public InMemoryTestCluster InMemory { get; }

    /// <summary>Store, reminder table and membership table of the cluster.</summary>
    public SharedInMemoryCluster Shared => InMemory.Shared;

    /// <summary>The workflow store every silo writes to (read it to check what was persisted).</summary>
    public InMemoryWorkflowStore Store => Shared.Store;

    /// <summary>The probe shared by every silo (a singleton in each silo's container).</summary>
    public TestProbe Probe { get; } = new();

    /// <summary>Fault injection shared by every silo (e.g. crash an instance between commit and dispatch).</summary>
    public Engine.EngineFaults Faults { get; } = new();

    /// <summary>The cluster.</summary>
    public InProcessTestCluster Cluster => InMemory.Cluster;

    /// <summary>The cluster client.</summary>
    public IClusterClient Client => Cluster.Client;

    /// <summary>The workflow client facade over <see cref="Client"/>.</summary>
    public WorkflowClient Workflows { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        await InMemory.DeployAsync();
        Workflows = new WorkflowClient(Client);
    }

    /// <inheritdoc />
    public async Task DisposeAsync() => await InMemory.DisposeAsync();

    private void ConfigureSilo(ISiloBuilder silo)
    {
        silo.AddOrleansWorkflows(o =>
        {
            o.Registry.AddSamples();
            TestRegistrations.AddWorkflows(o.Registry);
            o.ActivityLease = ActivityLease;
            o.RecoveryInterval = RecoveryInterval;
        });
        silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
        TestRegistrations.AddServices(silo.Services, this);
    }
}
