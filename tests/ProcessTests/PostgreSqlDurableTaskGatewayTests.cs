using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Microsoft.DurableTask.Client;
using OrleansWorkflows.TestSupport;
using Xunit.Abstractions;
using Dt = Microsoft.DurableTask.Client;

namespace OrleansWorkflows.ProcessTests;

/// <summary>
/// The stock processes on PostgreSQL with the Durable Task gRPC endpoint: two <c>src/Silo</c> silos
/// (<c>DurableTaskGrpc:RemoteWorkers=true</c>) and the stock gateway as their client (<c>src/Gateway</c>,
/// <c>DurableTaskGrpc:Port</c>), an app written with the NuGet SDK connected to the gateway as worker and client. The
/// orchestrations and activities are the worker's alone (no silo registers them): the silos run them on it through the
/// gateway's hub. One throwaway PostgreSQL server serves the class (shared with the crash tests), a schema and a
/// cluster id per test.
/// </summary>
[Collection(PostgreSqlProcessCollection.Name)]
public sealed class PostgreSqlDurableTaskGatewayTests(PostgreSqlProcessServer server, ITestOutputHelper output)
{
    private const int Silos = 2;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(180);

    /// <summary>The kill test's: an activity call lost with its silo is sent again from the instance's lease, once the
    /// recovery sweep (every half of the stock silo's 1-minute recovery interval, itself moved off the dead silo) finds it.</summary>
    private static readonly TimeSpan KillDeadline = TimeSpan.FromSeconds(300);
    private static readonly string[] Hello = ["Hello Tokyo!", "Hello Seattle!", "Hello London!"];
    private static readonly string[] Gated = ["Hello Tokyo!", "Gated Seattle!", "Hello London!"];

    [Fact]
    public async Task SdkWorkerOnTheStockGateway_RunsTenRemoteHelloSequences_WithTheExactOutput()
    {
        var clock = Stopwatch.StartNew();
        var grpcPort = FreePorts.Take(1)[0];
        await using var cluster = await StartClusterAsync(grpcPort, clock);
        await using var app = await DurableTaskSdkApp.StartAsync(grpcPort);
        using var timeout = new CancellationTokenSource(Deadline);

        var completed = await RunHelloSequencesAsync(cluster, app, timeout.Token);
        Log(clock, $"{completed} instances completed");
    }

    [Fact]
    public async Task SiloOfAnInstanceKilledWhileItsWorkerRunsAnActivity_TheOrchestrationCompletesExactlyOnce()
    {
        var clock = Stopwatch.StartNew();
        var grpcPort = FreePorts.Take(1)[0];
        await using var cluster = await StartClusterAsync(grpcPort, clock);
        await using var app = await DurableTaskSdkApp.StartAsync(grpcPort);
        using var timeout = new CancellationTokenSource(KillDeadline);

        var id = await app.Client.ScheduleNewOrchestrationInstanceAsync("SdkHelloGated", input: null, new Microsoft.DurableTask.StartOrchestrationOptions($"sdk-kill-{Guid.NewGuid():N}"), timeout.Token);
        await app.GateEntered.Task.WaitAsync(timeout.Token);
        var slot = await SlotOfTheOnlyInstanceAsync(cluster);
        await cluster.KillSiloAsync(slot);
        Log(clock, $"the gated activity runs on the worker; killed silo-{slot}, which held the instance");
        app.Gate.TrySetResult();

        var done = await WaitThroughFailoverAsync(app.Client, id, clock, timeout.Token);
        Log(clock, $"completed: {done.RuntimeStatus}");
        Assert.True(done.RuntimeStatus == Dt.OrchestrationRuntimeStatus.Completed, $"{done.RuntimeStatus} {done.FailureDetails?.ErrorMessage}\n{cluster.Output}");
        Assert.Equal(Gated, done.ReadOutputAs<string[]>());
        var events = await HistoryEventTypesAsync(cluster, id);
        Assert.Equal(1, events.Count(e => e == "ExecutionCompleted"));
        Assert.Equal(3, events.Count(e => e == "TaskCompleted"));
    }

    /// <summary>Starts 10 hello sequences through the SDK client and asserts each completes with its exact output.</summary>
    /// <returns>How many completed.</returns>
    internal static async Task<int> RunHelloSequencesAsync(ProcessCluster cluster, DurableTaskSdkApp app, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            ids.Add(await app.Client.ScheduleNewOrchestrationInstanceAsync("SdkHelloCities", input: null, new Microsoft.DurableTask.StartOrchestrationOptions($"sdk-hello-{Guid.NewGuid():N}-{i}"), cancellationToken));
        }

        foreach (var id in ids)
        {
            var done = await app.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, cancellationToken);
            Assert.True(done.RuntimeStatus == Dt.OrchestrationRuntimeStatus.Completed, $"{id}: {done.RuntimeStatus} {done.FailureDetails?.ErrorMessage}\n{cluster.Output}");
            Assert.Equal(Hello, done.ReadOutputAs<string[]>());
        }

        return ids.Count;
    }

    /// <summary>Starts the cluster: the silos with remote workers on, the gateway with its gRPC endpoint on <paramref name="grpcPort"/>.</summary>
    private async Task<ProcessCluster> StartClusterAsync(int grpcPort, Stopwatch clock)
    {
        var cluster = await ProcessCluster.StartPostgreSqlAsync(
            server.Server,
            Silos,
            ["--DurableTaskGrpc:RemoteWorkers=true"],
            [string.Create(CultureInfo.InvariantCulture, $"--DurableTaskGrpc:Port={grpcPort}")]);
        Log(clock, $"cluster of {Silos} silos and the gateway (gRPC on {grpcPort}) started");
        try
        {
            await Eventually.HoldsAsync(async () => (await cluster.ActiveSilosAsync() == Silos, "active silos"), TimeSpan.FromSeconds(60), "both silos active");
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>The slot of the silo that holds the cluster's only orchestration activation (the dashboard's cluster data).</summary>
    private static async Task<int> SlotOfTheOnlyInstanceAsync(ProcessCluster cluster)
    {
        var slot = -1;
        await Eventually.HoldsAsync(
            async () =>
            {
                using var json = JsonDocument.Parse(await cluster.Http.GetStringAsync(new Uri("/dashboard/api/cluster", UriKind.Relative)));
                var holders = json.RootElement.GetProperty("grainTypes").EnumerateArray()
                    .Where(t => t.GetProperty("grainType").GetString()!.Contains("OrchestrationGrain", StringComparison.Ordinal))
                    .SelectMany(t => t.GetProperty("perSilo").EnumerateObject())
                    .Where(s => s.Value.GetInt32() > 0)
                    .Select(s => s.Name)
                    .ToList();
                var slots = Enumerable.Range(0, Silos).Where(i => holders.Any(h => h.Contains(string.Create(CultureInfo.InvariantCulture, $":{cluster.SiloPortOf(i)}:"), StringComparison.Ordinal))).ToList();
                slot = slots.Count == 1 ? slots[0] : -1;
                return (slot >= 0, $"orchestration activations on {string.Join(", ", holders)}");
            },
            TimeSpan.FromSeconds(30),
            "the silo of the instance");
        return slot;
    }

    private static async Task<List<string>> HistoryEventTypesAsync(ProcessCluster cluster, string id)
    {
        var page = await cluster.Http.GetFromJsonAsync<JsonElement>(new Uri($"/runtime/webhooks/durabletask/instances/{id}/history?take=1000", UriKind.Relative));
        return [.. page.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("eventType").GetString()!)];
    }

    /// <summary>Waits for completion; a wait the gateway answers Unavailable while the cluster fails over (the engine's
    /// transient errors, after its own retries) is made again.</summary>
    private async Task<Dt.OrchestrationMetadata> WaitThroughFailoverAsync(DurableTaskClient client, string id, Stopwatch clock, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, cancellationToken);
            }
            catch (RpcException ex) when (ex.StatusCode is StatusCode.Unavailable && !cancellationToken.IsCancellationRequested)
            {
                Log(clock, $"the wait was answered {ex.StatusCode} ({ex.Status.Detail}); waiting again");
            }
        }
    }

    private void Log(Stopwatch clock, string message) => CrashRun.Log(output, clock, message);
}
