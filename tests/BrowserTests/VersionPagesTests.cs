using System.Net;
using Microsoft.Playwright;
using OrleansWorkflows.Hosting;

namespace OrleansWorkflows.BrowserTests;

/// <summary>
/// Orchestration versions on the dashboard (issue 16), on a gateway of its own with versions 1 and 2 of <c>Greeting</c>:
/// the instance page shows the version an instance runs, the list has a version column and filters by version.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class VersionPagesTests(BrowserFixture fixture) : IAsyncLifetime
{
    private readonly DashboardServer _server = new(services: services => services.AddOrleansWorkflows(o => o.Registry
        .AddOrchestrator("Greeting", "1", context => Task.FromResult<object?>($"v1: hello {context.GetInput<string>()}"))
        .AddOrchestrator("Greeting", "2", context => Task.FromResult<object?>($"v2: hello {context.GetInput<string>()}"))));

    private HttpClient _api = null!;

    public Task InitializeAsync()
    {
        _server.StartServer();
        _api = new HttpClient { BaseAddress = _server.BaseAddress };
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task InstancePage_ShowsTheVersion_AndTheListFiltersByVersion_WithAVersionColumn()
    {
        var prefix = $"ui-version-{Guid.NewGuid():N}-";
        await StartAsync(prefix + "a", "1");
        await StartAsync(prefix + "b", "2");
        await StartAsync(prefix + "c", "1");

        var page = await DashboardPages.OpenAsync(fixture.Browser, _server, "dashboard/");
        await Assertions.Expect(page.Locator("#page-info")).ToContainTextAsync("instance(s)");
        await page.Locator("#filter-prefix").FillAsync(prefix);
        await page.Locator("#filter-version").FillAsync("1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        var rows = page.Locator("#instances tbody tr[data-instance-id]");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        var listed = await rows.EvaluateAllAsync<string[][]>("rs => rs.map(r => [r.dataset.instanceId, r.cells[2].textContent])");
        string[][] expected = [[prefix + "a", "1"], [prefix + "c", "1"]];
        Assert.Equal(expected, listed.OrderBy(r => r[0], StringComparer.Ordinal));
        Assert.Equal("Version", (await page.Locator("#instances thead th").Nth(2).InnerTextAsync()).Trim());

        var detail = await DashboardPages.OpenAsync(fixture.Browser, _server, $"dashboard/#instance={prefix}b");
        await Assertions.Expect(detail.Locator("#detail-status")).ToHaveTextAsync("Completed");
        await Assertions.Expect(detail.Locator("#detail-version")).ToHaveTextAsync("2");
        await Assertions.Expect(detail.Locator("#detail-output")).ToContainTextAsync("v2: hello b");
    }

    /// <summary>Starts <c>Greeting</c> as <paramref name="id"/> in <paramref name="version"/> (its input: the id's last letter) and waits for it.</summary>
    private async Task StartAsync(string id, string version)
    {
        using var content = new StringContent($"\"{id[^1]}\"", System.Text.Encoding.UTF8, "application/json");
        using var response = await _api.PostAsync(new Uri($"{DashboardPages.BasePath}/orchestrators/Greeting/{id}?version={version}&timeout=30", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
