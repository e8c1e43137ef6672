using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Playwright;
using OrleansWorkflows.Hosting;
using OrleansWorkflows.Samples;

namespace OrleansWorkflows.BrowserTests;

/// <summary>The entities page (signal, new state, delete) and the cluster page of a two-silo cluster in a real browser.</summary>
[Collection(BrowserCollection.Name)]
public sealed class EntitiesAndClusterTests(BrowserFixture fixture)
{
    private static readonly float Deadline = DashboardPages.Deadline;

    [Fact]
    public async Task SignalCounter_FromTheEntitiesPage_ShowsTheNewState_ThenDeleteRemovesIt()
    {
        var key = $"ui-{Guid.NewGuid():N}";
        var page = await OpenAsync(fixture.Server, "dashboard/#entities");
        await Assertions.Expect(page.Locator("#entity-names option[value='counter']")).ToHaveCountAsync(1);

        await Signal(page, key, "Add", "5");
        var state = page.Locator($"#entities tr[data-entity='counter/{key}'] td.state");
        await Assertions.Expect(state).ToHaveTextAsync("5");
        await Signal(page, key, "Add", "3");
        await Assertions.Expect(state).ToHaveTextAsync("8");
        var row = page.Locator($"#entities tr[data-entity='counter/{key}']");
        await Assertions.Expect(row.Locator("td").Nth(4)).ToHaveTextAsync("0");
        await Screenshots.TakeAsync(page, "entities");

        await row.GetByRole(AriaRole.Button, new() { Name = $"Delete counter/{key}" }).ClickAsync();
        await Assertions.Expect(row).ToHaveCountAsync(0);
        using var gone = await fixture.Api.GetAsync(new Uri($"runtime/webhooks/durabletask/entities/Counter/{key}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task ClusterPage_TwoSiloCluster_ShowsBothSilosActive_ActivationsAndLiveCharts()
    {
        await using var cluster = new InMemoryTestCluster(2, silo => silo.AddOrleansWorkflows(o => o.Registry.AddSamples()));
        await cluster.DeployAsync();
        // The in-process cluster talks over an in-memory transport: the gateway's endpoints get a client over its client.
        await using var server = new DashboardServer(services: s => s.RemoveAll<WorkflowClient>().AddSingleton(new WorkflowClient(cluster.Client)));
        server.StartServer();
        using var api = new HttpClient { BaseAddress = server.BaseAddress };
        var page = await OpenAsync(server, "dashboard/#cluster");

        var silos = page.Locator("#silos tbody tr");
        await Assertions.Expect(silos).ToHaveCountAsync(2);
        foreach (var silo in cluster.Silos)
        {
            await Assertions.Expect(page.Locator($"#silos tr[data-silo='{silo.SiloAddress}']")).ToContainTextAsync("Active");
        }

        // Work on the cluster until the throughput chart (scraped every 2 s, a rate between two scrapes) shows some, over
        // a few scrapes (its three series: two readings each).
        var throughput = page.Locator("#charts figure[data-chart='Throughput']");
        await Eventually.UntilAsync(
            async () =>
            {
                for (var i = 0; i < 5; i++)
                {
                    using var started = await api.PostAsync(new Uri($"runtime/webhooks/durabletask/orchestrators/HelloSequence/ui-cluster-{Guid.NewGuid():N}", UriKind.Relative), null);
                    Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
                }

                return await throughput.CountAsync() == 1
                    && double.Parse(await throughput.GetAttributeAsync("data-peak") ?? "0", System.Globalization.CultureInfo.InvariantCulture) > 0
                    && int.Parse(await throughput.GetAttributeAsync("data-points") ?? "0", System.Globalization.CultureInfo.InvariantCulture) >= 6;
            },
            TimeSpan.FromSeconds(30),
            "the throughput chart shows orchestrations started");

        await Assertions.Expect(page.Locator("#grain-types")).ToContainTextAsync("OrchestrationGrain", new() { Timeout = Deadline });
        await Assertions.Expect(page.Locator("#charts figure")).ToHaveCountAsync(4);
        await Assertions.Expect(throughput.Locator("path.line").First).ToBeAttachedAsync();
        await Screenshots.TakeAsync(page, "cluster");
    }

    private static async Task Signal(IPage page, string key, string operation, string input)
    {
        await page.Locator("#signal-name").FillAsync("Counter");
        await page.Locator("#signal-key").FillAsync(key);
        await page.Locator("#signal-operation").FillAsync(operation);
        await page.Locator("#signal-input").FillAsync(input);
        await page.GetByRole(AriaRole.Button, new() { Name = "Signal", Exact = true }).ClickAsync();
    }

    private Task<IPage> OpenAsync(DashboardServer server, string path) => DashboardPages.OpenAsync(fixture.Browser, server, path);
}
