using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.TestingHost;
using OrleansWorkflows.Engine;
using OrleansWorkflows.Hosting;

namespace OrleansWorkflows.ClusterTests.Versions;

/// <summary>
/// A cluster of its own whose silos register different versions of one orchestration, <c>Order</c> (a rolling deploy):
/// each silo is started with the registrations it is told (<see cref="StartSiloAsync"/>). Every version of <c>Order</c>
/// waits for the event <c>go</c> and returns "{silo tag}:{context.Version}", so an output says which silo's code ran it
/// and in which version.
/// </summary>
internal sealed class VersionedCluster : IAsyncDisposable
{
    public const string Name = "Order";
    private readonly Queue<SiloPlan> _plans = new();
    private InMemoryTestCluster? _cluster;

    public InMemoryTestCluster Cluster => _cluster ?? throw new InvalidOperationException("Start the first silo first.");

    public WorkflowClient Workflows { get; private set; } = null!;

    /// <summary>Starts a silo tagged <paramref name="tag"/> that registers <paramref name="versions"/> of <c>Order</c>.</summary>
    public async Task<InProcessSiloHandle> StartSiloAsync(string tag, string[] versions, MissingVersionPolicy? policy = null)
    {
        _plans.Enqueue(new SiloPlan(tag, versions, policy));
        if (_cluster is null)
        {
            _cluster = new InMemoryTestCluster(1, Configure);
            await _cluster.DeployAsync();
            Workflows = new WorkflowClient(_cluster.Client);
            return _cluster.Silos[0];
        }

        return await _cluster.StartAdditionalSiloAsync();
    }

    /// <summary>Waits until every running silo knows which silos register (<c>Order</c>, <paramref name="version"/>).</summary>
    public Task WaitUntilKnownAsync(string version, int silos) => Eventually.UntilAsync(
        () => Cluster.Silos.All(s => s.ServiceProvider.GetRequiredService<ClusterVersions>().SilosWith(Name, version).Length == silos),
        TimeSpan.FromSeconds(30),
        $"every silo sees {silos} silo(s) with version {version}");

    public async Task<OrchestrationMetadata> FinishAsync(string instanceId)
    {
        await Workflows.RaiseEventAsync(instanceId, "go", "now");
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await Workflows.WaitForCompletionAsync(instanceId, patience.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    private void Configure(ISiloBuilder silo)
    {
        SiloPlan plan;
        lock (_plans)
        {
            plan = _plans.Dequeue();
        }

        silo.AddOrleansWorkflows(o =>
        {
            Func<OrchestrationContext, Task<object?>> body = async context =>
            {
                await context.WaitForExternalEvent<string>("go");
                return $"{plan.Tag}:{context.Version}";
            };
            foreach (var version in plan.Versions)
            {
                o.Registry.AddOrchestrator(Name, version, body);
            }

            if (plan.Policy is { } policy)
            {
                o.Registry.SetMissingVersionPolicy(Name, policy);
            }

            o.RecoveryInterval = TimeSpan.FromSeconds(2);
        });
        silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
    }

    private sealed record SiloPlan(string Tag, string[] Versions, MissingVersionPolicy? Policy);
}
