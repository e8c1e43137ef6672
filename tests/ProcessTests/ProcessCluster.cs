using System.Globalization;
using System.Net;
using System.Net.Sockets;
using OrleansWorkflows.TestSupport;

namespace OrleansWorkflows.ProcessTests;

/// <summary>
/// A real cluster on loopback: the built silo in <see cref="SiloCount"/> processes and the built gateway as a client,
/// all on one backend that keeps store, reminders and membership (<see cref="ClusterBackend"/>: a schema of a throwaway
/// PostgreSQL server, or tables of a throwaway Azurite). Each silo slot keeps its ports, so a silo started again in a
/// slot is the same endpoint with a new generation. On PostgreSQL every process caps its pool: 3 silos x
/// <see cref="ClusterBackend.SiloPoolSize"/> + the gateway's 4 stay well below the server's 100 connections, restarts included.
/// </summary>
internal sealed class ProcessCluster : IAsyncDisposable
{
    /// <summary>The silos of a PostgreSQL cluster.</summary>
    public const int PostgreSqlSilos = 3;
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(120);
    private readonly ClusterBackend _backend;
    private readonly string _clusterId = "crash-" + Guid.NewGuid().ToString("N")[..8];
    private readonly int[] _ports;
    private readonly ServiceProcess?[] _silos;
    private readonly string[] _siloArguments;
    private readonly string[] _gatewayArguments;

    private ProcessCluster(ClusterBackend backend, int siloCount, string[] siloArguments, string[] gatewayArguments)
    {
        _backend = backend;
        _siloArguments = siloArguments;
        _gatewayArguments = gatewayArguments;
        SiloCount = siloCount;
        _ports = FreePorts.Take(2 * siloCount);
        _silos = new ServiceProcess?[siloCount];
    }

    /// <summary>The number of silo slots.</summary>
    public int SiloCount { get; }

    public GatewayProcess? Gateway { get; private set; }

    /// <summary>The gateway's HTTP client (the gateway must be running).</summary>
    public HttpClient Http => Gateway?.Http ?? throw new InvalidOperationException("The gateway is not running.");

    /// <summary>Output of every process, for failure messages.</summary>
    public string Output => string.Join(
        "\n",
        _silos.Where(s => s is not null).Select(s => $"--- {s!.Name}\n{Tail(s.Output)}").Append($"--- gateway\n{Tail(Gateway?.Output ?? string.Empty)}"));

    /// <summary>Starts a 3-silo cluster on a new schema of <paramref name="server"/>.</summary>
    public static async Task<ProcessCluster> StartPostgreSqlAsync(PostgreSqlServer server) =>
        await StartAsync(ClusterBackend.PostgreSql(await server.CreateSchemaAsync()), PostgreSqlSilos);

    /// <summary>Starts a cluster of <paramref name="siloCount"/> silos on a new schema of <paramref name="server"/>; every
    /// silo gets <paramref name="siloArguments"/> too, the gateway <paramref name="gatewayArguments"/>.</summary>
    public static async Task<ProcessCluster> StartPostgreSqlAsync(PostgreSqlServer server, int siloCount, string[] siloArguments, string[] gatewayArguments) =>
        await StartAsync(ClusterBackend.PostgreSql(await server.CreateSchemaAsync()), siloCount, siloArguments, gatewayArguments);

    /// <summary>Starts a cluster of <paramref name="siloCount"/> silos on the account of <paramref name="azurite"/>; with
    /// <paramref name="siloArguments"/> for every silo and <paramref name="gatewayArguments"/> for the gateway when given.</summary>
    public static Task<ProcessCluster> StartAzureStorageAsync(AzuriteServer azurite, int siloCount, string[]? siloArguments = null, string[]? gatewayArguments = null) =>
        StartAsync(ClusterBackend.AzureStorage(azurite.ConnectionString), siloCount, siloArguments, gatewayArguments);

    /// <summary>Starts the cluster: silo 0 first (it is the oldest), then the others, then the gateway.</summary>
    private static async Task<ProcessCluster> StartAsync(ClusterBackend backend, int siloCount, string[]? siloArguments = null, string[]? gatewayArguments = null)
    {
        var cluster = new ProcessCluster(backend, siloCount, siloArguments ?? [], gatewayArguments ?? []);
        await cluster.StartSilosAsync([0]);
        await cluster.StartSilosAsync([.. Enumerable.Range(1, siloCount - 1)]);
        await cluster.StartGatewayAsync();
        return cluster;
    }

    /// <summary>Starts the silos of <paramref name="slots"/> at once and waits until each accepts clients.</summary>
    public async Task StartSilosAsync(int[] slots)
    {
        foreach (var slot in slots)
        {
            await (_silos[slot]?.DisposeAsync() ?? ValueTask.CompletedTask);
            _silos[slot] = ServiceProcess.Start($"silo-{slot}", ServiceProcess.BuiltDll("SiloDll"), Arguments(
            [
                string.Create(CultureInfo.InvariantCulture, $"--Orleans:SiloPort={_ports[2 * slot]}"),
                string.Create(CultureInfo.InvariantCulture, $"--Orleans:GatewayPort={_ports[(2 * slot) + 1]}"),
                "--Orleans:AdvertisedIPAddress=127.0.0.1",
                .. _backend.SiloArguments,
                .. _siloArguments,
            ]));
        }

        // The client gateway port opens when the silo has joined the cluster and become active.
        await Task.WhenAll(slots.Select(slot => Eventually.HoldsAsync(
            async () =>
            {
                _silos[slot]!.AssertRunning();
                return (await AcceptsAsync(_ports[(2 * slot) + 1]), "gateway port closed");
            },
            StartDeadline,
            $"silo-{slot} becoming active")));
    }

    public async Task StartGatewayAsync() =>
        Gateway = await GatewayProcess.StartAsync(Arguments(_gatewayArguments));

    /// <summary>Starts another gateway of the cluster, a client of it as the first one, with <paramref name="arguments"/>
    /// instead of the first one's; the caller owns (and disposes) it.</summary>
    public Task<GatewayProcess> StartAnotherGatewayAsync(string name, params string[] arguments) =>
        GatewayProcess.StartNamedAsync(name, Arguments(arguments));

    /// <summary>The silo-to-silo port of slot <paramref name="slot"/> (part of its silo address).</summary>
    public int SiloPortOf(int slot) => _ports[2 * slot];

    /// <summary>Kills silo <paramref name="slot"/> with SIGKILL.</summary>
    public Task KillSiloAsync(int slot) => _silos[slot]?.KillAsync() ?? Task.CompletedTask;

    /// <summary>Kills every process of the cluster with SIGKILL (the database stays).</summary>
    public async Task KillAllAsync()
    {
        await (Gateway?.KillAsync() ?? Task.CompletedTask);
        await Task.WhenAll(Enumerable.Range(0, SiloCount).Select(KillSiloAsync));
        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
            Gateway = null;
        }
    }

    /// <summary>The silos the membership table lists as active.</summary>
    public Task<long> ActiveSilosAsync() => _backend.ActiveSilosAsync(_clusterId);

    public async ValueTask DisposeAsync()
    {
        await KillAllAsync();
        foreach (var silo in _silos)
        {
            await (silo?.DisposeAsync() ?? ValueTask.CompletedTask);
        }
    }

    private string[] Arguments(params string[] more) =>
    [
        .. _backend.Arguments,
        $"--Cluster:ClusterId={_clusterId}",
        .. more,
    ];

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The last 4,000 characters of a process's output (for failure messages).</summary>
    internal static string Tail(string output) => output.Length > 4000 ? output[^4000..] : output;
}
