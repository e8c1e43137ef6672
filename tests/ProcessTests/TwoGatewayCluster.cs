using System.Globalization;
using OrleansWorkflows.TestSupport;

namespace OrleansWorkflows.ProcessTests;

/// <summary>
/// A PostgreSQL cluster of two <c>src/Silo</c> silos (<c>DurableTaskGrpc:RemoteWorkers=true</c>) with two stock gateways
/// (<c>src/Gateway</c>, each a client of the cluster with a gRPC endpoint of its own: <see cref="A"/> and <see cref="B"/>)
/// and three Durable Task SDK apps connected to them, each with work-item filters of what it registers:
/// <see cref="AppA"/> on gateway A; <see cref="AppB"/> on gateway B, the only one serving the gated activity
/// <c>SdkGate</c>, and reconnecting to A when B is gone (as behind a load balancer); <see cref="Split"/>, whose work-item
/// stream is on B (A when B is gone) while every other call of it goes to A, as a load balancer that balances per call
/// would send them: A gets the completions of work B handed out and routes them by their tokens.
/// </summary>
internal sealed class TwoGatewayCluster : IAsyncDisposable
{
    /// <summary>What a gateway logs when a worker opens its work-item stream (its hub's event 7001).</summary>
    private const string WorkerConnected = "A Durable Task worker connected";
    private static readonly TimeSpan Ready = TimeSpan.FromSeconds(60);
    private readonly List<IAsyncDisposable> _owned = [];

    private TwoGatewayCluster(ProcessCluster cluster, Uri a, Uri b)
    {
        Cluster = cluster;
        A = a;
        B = b;
    }

    public ProcessCluster Cluster { get; }

    /// <summary>Gateway A's gRPC endpoint (the cluster's <see cref="ProcessCluster.Gateway"/>).</summary>
    public Uri A { get; }

    /// <summary>Gateway B's gRPC endpoint.</summary>
    public Uri B { get; }

    public GatewayProcess GatewayB { get; private set; } = null!;

    public DurableTaskSdkApp AppA { get; private set; } = null!;

    public DurableTaskSdkApp AppB { get; private set; } = null!;

    public DurableTaskSdkApp Split { get; private set; } = null!;

    /// <summary>Every process's output, for failure messages.</summary>
    public string Output => $"{Cluster.Output}\n--- gateway-b\n{ProcessCluster.Tail(GatewayB.Output)}";

    /// <summary>Starts the cluster, both gateways and the three apps, and waits until each gateway has its workers.</summary>
    public static async Task<TwoGatewayCluster> StartAsync(PostgreSqlServer server, int silos, Action<string> log)
    {
        var ports = FreePorts.Take(2);
        var logConnects = "--Logging:LogLevel:OrleansWorkflows.DurableTask.Grpc.Workers.WorkerHub=Information";
        var cluster = await ProcessCluster.StartPostgreSqlAsync(
            server,
            silos,
            ["--DurableTaskGrpc:RemoteWorkers=true"],
            [GrpcPort(ports[0]), logConnects]);
        var two = new TwoGatewayCluster(cluster, Endpoint(ports[0]), Endpoint(ports[1]));
        try
        {
            await two.StartRestAsync(silos, logConnects, ports[1], log);
            return two;
        }
        catch
        {
            await two.DisposeAsync();
            throw;
        }
    }

    /// <summary>How many times a worker connected to gateway A (the survivor of the kill test).</summary>
    public int WorkerConnectsAtA => Count(Cluster.Gateway!.Output);

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            await owned.DisposeAsync();
        }

        await Cluster.DisposeAsync();
    }

    private async Task StartRestAsync(int silos, string logConnects, int portB, Action<string> log)
    {
        await Eventually.HoldsAsync(async () => (await Cluster.ActiveSilosAsync() == silos, "active silos"), Ready, "every silo active");
        GatewayB = await Own(Cluster.StartAnotherGatewayAsync("gateway-b", GrpcPort(portB), logConnects));
        log($"cluster of {silos} silos, gateway A (gRPC {A.Port}) and gateway B (gRPC {B.Port}) started");

        AppA = await Own(DurableTaskSdkApp.StartAsync(new GatewayRouter([A], [A]), gate: false, filtered: true));
        AppB = await Own(DurableTaskSdkApp.StartAsync(new GatewayRouter([B, A], [B, A]), gate: true, filtered: true));
        Split = await Own(DurableTaskSdkApp.StartAsync(new GatewayRouter([B, A], [A]), gate: false, filtered: true));
        await Eventually.HoldsAsync(
            () => Task.FromResult((WorkerConnectsAtA >= 1 && Count(GatewayB.Output) >= 2, $"workers connected: A {WorkerConnectsAtA}, B {Count(GatewayB.Output)}; sent by AppA [{AppA.Router.Sent}], AppB [{AppB.Router.Sent}], Split [{Split.Router.Sent}]\n{Output}")),
            Ready,
            "one worker on gateway A, two on gateway B");
        log("workers connected: AppA to A; AppB and Split's stream to B");
    }

    private async Task<T> Own<T>(Task<T> starting)
        where T : IAsyncDisposable
    {
        var started = await starting;
        _owned.Add(started);
        return started;
    }

    private static int Count(string output)
    {
        var count = 0;
        for (var at = output.IndexOf(WorkerConnected, StringComparison.Ordinal); at >= 0; at = output.IndexOf(WorkerConnected, at + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static string GrpcPort(int port) => string.Create(CultureInfo.InvariantCulture, $"--DurableTaskGrpc:Port={port}");

    private static Uri Endpoint(int port) => new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"));
}
