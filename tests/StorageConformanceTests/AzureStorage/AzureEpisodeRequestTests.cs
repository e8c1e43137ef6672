using System.Net;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using OrleansWorkflows.Hosting;
using OrleansWorkflows.Storage;
using OrleansWorkflows.Storage.AzureStorage;
using OrleansWorkflows.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace OrleansWorkflows.StorageConformanceTests.AzureStorage;

/// <summary>
/// What the engine on <c>Storage:Kind = AzureStorage</c> costs the account, counted from outside (<see cref="RequestTally"/>
/// on the silo's Table and Blob clients, which Orleans' reminders, membership and grain storage share): a hello3
/// orchestration (three activities in sequence, four episodes) and a long sequence, on a silo of its own. Every episode is
/// one transaction of its instance; the index changes of instances that wait together share transactions; nothing else
/// is sent per orchestration (no reminder, blob, query or status read beyond the activation's load).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureEpisodeRequestTests(AzuriteServer azurite, ITestOutputHelper output)
{
    private const string Sequence = "Cost.Sequence";
    private const string Hello = "Cost.Hello";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Hello3_CostsOneTransactionPerEpisode_OneLoad_AndSharedIndexWrites()
    {
        const int n = 40;
        var (cost, prefix) = await MeasureAsync($"hello3 x{n}", n, 3);

        var (instances, index) = (prefix + "instances", prefix + "index");
        Assert.True(cost.GetValueOrDefault("get " + instances) == n, RequestTally.Describe(cost));
        Assert.True(cost.GetValueOrDefault("batch " + instances) == 4 * n, RequestTally.Describe(cost));
        Assert.True(cost.GetValueOrDefault("batch " + index) <= 2 * n, RequestTally.Describe(cost));
        Assert.Empty(Unexpected(cost, prefix));
        Assert.True(cost.Where(c => c.Key.Contains(" OrleansReminders", StringComparison.Ordinal)).Sum(c => c.Value) < 10, RequestTally.Describe(cost));
    }

    [Fact]
    public async Task SequentialActivities_CostOneTransactionPerEpisode_AndAtMostOneIndexWriteEach()
    {
        const int activities = 30;
        var (cost, prefix) = await MeasureAsync($"sequential {activities}", 1, activities);

        var (instances, index) = (prefix + "instances", prefix + "index");
        Assert.True(cost.GetValueOrDefault("get " + instances) == 1, RequestTally.Describe(cost));
        Assert.True(cost.GetValueOrDefault("batch " + instances) == activities + 1, RequestTally.Describe(cost));
        Assert.True(cost.GetValueOrDefault("batch " + index) <= activities + 1, RequestTally.Describe(cost));
        Assert.Empty(Unexpected(cost, prefix));
    }

    /// <summary>
    /// The requests, by kind, of <paramref name="count"/> sequences of <paramref name="activities"/> activities started at
    /// once on a silo of their own (after a warm-up instance), their index changes included; and the silo's table prefix.
    /// </summary>
    private async Task<(Dictionary<string, int> Cost, string Prefix)> MeasureAsync(string label, int count, int activities)
    {
        var (tally, prefix) = (new RequestTally(), Prefix());
        using var silo = await StartSiloAsync(tally, prefix);
        var (client, store) = Engine(silo);
        await using var cleanup = new AsyncCleanup(silo, store);
        await RunAsync(client, "warm", 1, 3);
        await store.WhenIndexWrittenAsync();

        var before = tally.Snapshot();
        await RunAsync(client, "run", count, activities);
        await store.WhenIndexWrittenAsync();
        var cost = tally.Since(before);
        output.WriteLine($"{label}: {RequestTally.Describe(cost)}");
        return (cost, prefix);
    }

    /// <summary>
    /// Requests other than an activation's status read (a new instance's is answered 404), instance and index
    /// transactions, and the background work that runs whatever the load: membership's heartbeat and table reads, the
    /// background jobs' reminders (registered once at start), the recovery sweep's reads of the wake index.
    /// </summary>
    private static List<string> Unexpected(Dictionary<string, int> cost, string prefix) =>
        [.. cost.Keys.Where(k => k != $"get {prefix}instances" && k != $"failed get {prefix}instances 404"
            && k != $"batch {prefix}instances" && k != $"batch {prefix}index" && k != $"query {prefix}index"
            && !k.Contains(" OrleansSiloInstances", StringComparison.Ordinal) && !k.Contains(" OrleansReminders", StringComparison.Ordinal))];

    private static async Task RunAsync(WorkflowClient client, string label, int count, int activities)
    {
        var ids = await Task.WhenAll(Enumerable.Range(0, count).Select(i => client.StartAsync(Sequence, activities, $"{label}-{i}")));
        var done = await Task.WhenAll(ids.Select(id => client.WaitForCompletionAsync(id))).WaitAsync(Patience);
        Assert.All(done, d => Assert.Equal(OrchestrationRuntimeStatus.Completed, d.RuntimeStatus));
    }

    private static (WorkflowClient Client, AzureWorkflowStore Store) Engine(IHost silo) =>
        (new WorkflowClient(silo.Services.GetRequiredService<IGrainFactory>()),
         Assert.IsType<AzureWorkflowStore>(silo.Services.GetRequiredService<IWorkflowStore>()));

    private async Task<IHost> StartSiloAsync(RequestTally tally, string prefix)
    {
        var tableOptions = new TableClientOptions();
        tableOptions.AddPolicy(tally.Tables, HttpPipelinePosition.PerRetry);
        var blobOptions = new BlobClientOptions();
        blobOptions.AddPolicy(tally.Blobs, HttpPipelinePosition.PerRetry);
        var ports = FreePorts.Take(2);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddLogging();
        builder.UseOrleans(silo => silo
            .UseAzureStorageWorkflowStore(string.Empty, o =>
            {
                o.TableServiceClient = new TableServiceClient(azurite.ConnectionString, tableOptions);
                o.BlobServiceClient = new BlobServiceClient(azurite.ConnectionString, blobOptions);
                o.Prefix = prefix;
            })
            .Configure<EndpointOptions>(o => (o.SiloPort, o.GatewayPort, o.AdvertisedIPAddress) = (ports[0], ports[1], IPAddress.Loopback))
            .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (prefix, prefix))
            .AddOrleansWorkflows(o => o.Registry
                .AddOrchestrator(Sequence, async context =>
                {
                    var last = string.Empty;
                    for (var i = 0; i < context.GetInput<int>(); i++)
                    {
                        last = await context.CallActivityAsync<string>(Hello, $"city{i}");
                    }

                    return last;
                })
                .AddActivity<string, string>(Hello, (_, city) => Task.FromResult($"Hello {city}!"))));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static string Prefix() => "c" + Guid.NewGuid().ToString("N")[..12];

    private sealed class AsyncCleanup(IHost silo, AzureWorkflowStore store) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await silo.StopAsync();
            await store.Account.DeleteAsync();
        }
    }
}
