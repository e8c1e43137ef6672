using System.Diagnostics;
using System.Globalization;
using OrleansWorkflows.TestSupport;
using Xunit.Abstractions;

namespace OrleansWorkflows.ProcessTests;

/// <summary>
/// The same stock processes as <see cref="PostgreSqlDurableTaskGatewayTests"/> on one Azure Storage account (Azurite):
/// two <c>src/Silo</c> silos with <c>DurableTaskGrpc:RemoteWorkers=true</c>, the stock gateway as their client (it finds
/// them in the membership table) with its gRPC endpoint, and an SDK app whose worker runs every orchestration and activity.
/// </summary>
[Collection(AzuriteProcessCollection.Name)]
public sealed class AzureStorageDurableTaskGatewayTests(AzuriteServer azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task SdkWorkerOnTheStockGateway_RunsRemoteOrchestrationsAndActivities_WithTheExactOutput()
    {
        var clock = Stopwatch.StartNew();
        var grpcPort = FreePorts.Take(1)[0];
        await using var cluster = await ProcessCluster.StartAzureStorageAsync(
            azurite,
            siloCount: 2,
            ["--DurableTaskGrpc:RemoteWorkers=true"],
            [string.Create(CultureInfo.InvariantCulture, $"--DurableTaskGrpc:Port={grpcPort}")]);
        await Eventually.HoldsAsync(async () => (await cluster.ActiveSilosAsync() == 2, "active silos"), TimeSpan.FromSeconds(60), "both silos active");
        await using var app = await DurableTaskSdkApp.StartAsync(grpcPort);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(180));

        var completed = await PostgreSqlDurableTaskGatewayTests.RunHelloSequencesAsync(cluster, app, timeout.Token);
        CrashRun.Log(output, clock, $"{completed} instances completed");
    }
}
