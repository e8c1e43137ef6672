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
/// and in which version; a <c>go</c> of <see cref="ContinueAs"/> + version continues it as new in that version instead
/// (its next input: the tag of the silo that ran this execution). Every silo also registers <c>OrderParent</c>
/// (unversioned), which runs <c>Order</c> as its sub-orchestration "{parent id}-child" in the version its input names
/// (<c>null</c>: the default) and returns the child's output.
/// </summary>
internal sealed class VersionedCluster : IAsyncDisposable
{
    public const string Name = "Order";
    public const string Parent = "OrderParent";
    public const string ContinueAs = "continue-as:";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
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

    /// <summary>Sends <c>Order</c> instance <paramref name="instanceId"/> its <c>go</c> and waits until it has finished.</summary>
    public async Task<OrchestrationMetadata> FinishAsync(string instanceId)
    {
        await Workflows.RaiseEventAsync(instanceId, "go", "now");
        return await CompletionAsync(instanceId);
    }

    /// <summary>Waits until <paramref name="instanceId"/> has finished (at most 30 s) and returns its status.</summary>
    public async Task<OrchestrationMetadata> CompletionAsync(string instanceId)
    {
        using var patience = new CancellationTokenSource(Patience);
        return await Workflows.WaitForCompletionAsync(instanceId, patience.Token);
    }

    /// <summary>Waits until the status of <paramref name="instanceId"/> satisfies <paramref name="holds"/> (at most 30 s)
    /// and returns it.</summary>
    public async Task<OrchestrationMetadata> StatusWhenAsync(string instanceId, Func<OrchestrationMetadata, bool> holds, string description) =>
        (await Eventually.ValueAsync(
            async () =>
            {
                var status = await Workflows.GetStatusAsync(instanceId);
                return (status is not null && holds(status), status, $"{status?.RuntimeStatus} waiting for {status?.WaitingFor}");
            },
            Patience,
            description))!;

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
                var go = await context.WaitForExternalEvent<string>("go");
                if (go.StartsWith(ContinueAs, StringComparison.Ordinal))
                {
                    context.ContinueAsNew(plan.Tag, new ContinueAsNewOptions { NewVersion = go[ContinueAs.Length..] });
                    return null;
                }

                return $"{plan.Tag}:{context.Version}";
            };
            foreach (var version in plan.Versions)
            {
                o.Registry.AddOrchestrator(Name, version, body);
            }

            o.Registry.AddOrchestrator(Parent, async context => await context.CallSubOrchestratorAsync<string>(
                Name, null, $"{context.InstanceId}-child", new TaskOptions { Version = context.GetInput<string>() }));

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
