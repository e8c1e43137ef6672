using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.TestingHost;
using OrleansWorkflows.Hosting;

namespace OrleansWorkflows.Testing;

/// <summary>
/// An in-process Orleans cluster whose store, reminders and membership live in one <see cref="SharedInMemoryCluster"/>
/// outside the silos (the harness's own membership is turned off, see <see cref="TestClusterMembership"/>), with
/// <see cref="FastFailureDetection"/>: any silo — the first one included — can be killed as a crash would, and the
/// others carry on. The caller adds the engine and whatever else each silo needs.
/// </summary>
public sealed class InMemoryTestCluster : IAsyncDisposable
{
    private static readonly TimeSpan SiloChangeTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Creates (but does not start) the cluster.</summary>
    /// <param name="initialSilos">The number of silos <see cref="DeployAsync"/> starts.</param>
    /// <param name="configureSilo">Configures each silo after it is wired to <see cref="Shared"/> (e.g. adds the engine).</param>
    /// <param name="fileLogging">Whether the harness writes each silo's log to a file.</param>
    /// <param name="configureClient">Configures the cluster client after it is wired to <see cref="Shared"/> (e.g. adds an
    /// outgoing call filter), or <c>null</c>.</param>
    public InMemoryTestCluster(short initialSilos, Action<ISiloBuilder> configureSilo, bool fileLogging = false, Action<IClientBuilder>? configureClient = null)
    {
        ArgumentNullException.ThrowIfNull(configureSilo);
        var builder = new InProcessTestClusterBuilder(initialSilos);
        TestClusterMembership.Disable(builder.Options);
        builder.Options.ConfigureFileLogging = fileLogging;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.UseSharedInMemoryCluster(Shared);
            configureSilo(silo);
            silo.Configure<ClusterMembershipOptions>(FastFailureDetection.Configure);
        });
        builder.ConfigureClient(client =>
        {
            client.UseSharedInMemoryCluster(Shared).Configure<GatewayOptions>(FastFailureDetection.Configure);
            configureClient?.Invoke(client);
        });
        Cluster = builder.Build();
    }

    /// <summary>Store, reminder table and membership table of the cluster.</summary>
    public SharedInMemoryCluster Shared { get; } = new();

    /// <summary>The harness.</summary>
    public InProcessTestCluster Cluster { get; }

    /// <summary>The cluster client.</summary>
    public IClusterClient Client => Cluster.Client;

    /// <summary>The running silos, oldest first.</summary>
    public IReadOnlyList<InProcessSiloHandle> Silos => Cluster.Silos;

    /// <summary>Starts the initial silos and the client.</summary>
    public Task DeployAsync() => Cluster.DeployAsync();

    /// <summary>Stops every silo and disposes the harness.</summary>
    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }

    /// <summary>
    /// Kills <paramref name="silo"/> abruptly, as a crash would: its storage link is severed first (nothing it does
    /// while being torn down reaches the store, reminders or membership), then it stops without a graceful shutdown.
    /// The kill takes about 3 s (Orleans' shutdown path); it returns before the others notice: they declare the silo
    /// dead on their own, typically 1–2 s later (see <see cref="WaitUntilDeclaredDeadAsync"/>, and
    /// <see cref="FastFailureDetection"/>). Until then calls to its grains may fail or wait.
    /// </summary>
    /// <param name="silo">The silo, any of <see cref="Silos"/> (the first one included).</param>
    public async Task KillSiloAsync(InProcessSiloHandle silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.ServiceProvider.GetRequiredService<SiloStorageLink>().Sever();

        // Orleans retries a failed status write (Stopping, then Dead) for up to MaxJoinAttemptTime while the silo shuts
        // down, which would hold the kill for minutes. A crashed process retries nothing: cut this silo's retries short.
        silo.ServiceProvider.GetRequiredService<IOptions<ClusterMembershipOptions>>().Value.MaxJoinAttemptTime = TimeSpan.FromMilliseconds(1);
        await Cluster.KillSiloAsync(silo);
    }

    /// <summary>Starts one more silo (same configuration) and waits until it is active in the membership table.</summary>
    /// <returns>The new silo.</returns>
    public async Task<InProcessSiloHandle> StartAdditionalSiloAsync()
    {
        var silo = await Cluster.StartAdditionalSiloAsync();
        await Eventually.UntilAsync(
            async () => await StatusOfAsync(silo.SiloAddress) == SiloStatus.Active,
            SiloChangeTimeout,
            $"silo {silo.SiloAddress} is active in the membership table");
        return silo;
    }

    /// <summary>Starts silos until <paramref name="count"/> are running (a test that killed one may have left fewer).</summary>
    /// <param name="count">The number of silos wanted.</param>
    public async Task EnsureSilosAsync(int count)
    {
        while (Silos.Count < count)
        {
            await StartAdditionalSiloAsync();
        }
    }

    /// <summary>Waits until the membership table records <paramref name="silo"/> as dead.</summary>
    /// <param name="silo">A killed silo.</param>
    /// <returns>How long the wait took.</returns>
    public Task<TimeSpan> WaitUntilDeclaredDeadAsync(SiloAddress silo) => Eventually.UntilAsync(
        async () => await StatusOfAsync(silo) == SiloStatus.Dead,
        SiloChangeTimeout,
        $"silo {silo} is declared dead");

    /// <summary>The status the membership table records for <paramref name="silo"/> (<see cref="SiloStatus.None"/> if absent).</summary>
    /// <param name="silo">The silo.</param>
    public async Task<SiloStatus> StatusOfAsync(SiloAddress silo)
    {
        var data = await Shared.Membership.ReadRowAsync(silo);
        return data.Members.Count == 0 ? SiloStatus.None : data.Members[0].Item1.Status;
    }

    /// <summary>The silo where <paramref name="grainId"/> is active now, or <c>null</c> when it is not active anywhere.</summary>
    /// <param name="grainId">The grain.</param>
    public InProcessSiloHandle? FindHostingSilo(GrainId grainId) =>
        Cluster.TryGetGrainContext(grainId, out var context) && context.Address.SiloAddress is { } address ? Cluster.GetSiloForAddress(address) : null;
}
