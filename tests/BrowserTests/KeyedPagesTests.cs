using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace OrleansWorkflows.BrowserTests;

/// <summary>
/// A gateway that requires an API key: the dashboard and the API reference opened with <c>?code=KEY</c> pass the key on
/// to everything they load and call, and the API reference loads nothing from outside the gateway (it works offline).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class KeyedPagesTests(BrowserFixture fixture) : IAsyncLifetime
{
    private const string Key = "browser-test-key";
    private static readonly float Deadline = 30_000;
    private readonly DashboardServer _server = new(Key);

    public Task InitializeAsync()
    {
        _server.StartServer();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Dashboard_OpenedWithKey_StartsAndListsAnInstance()
    {
        var id = $"keyed-{Guid.NewGuid():N}";
        var (page, failed, _) = await OpenAsync($"dashboard/?code={Key}");

        // The first page of instances loads (and moves the start form down) before the form is opened: a click while
        // the table is still being filled can land where the summary was a moment before.
        await Assertions.Expect(page.Locator("#page-info")).ToContainTextAsync("instance(s)");
        await page.GetByText("Start an orchestration").ClickAsync();
        await Assertions.Expect(page.Locator("#start-name")).ToBeVisibleAsync();
        await page.Locator("#start-name").FillAsync("HelloSequence");
        await page.Locator("#start-id").FillAsync(id);
        await page.Locator("#start button[type=submit]").ClickAsync();

        await Assertions.Expect(page.Locator("#detail-status")).ToHaveTextAsync("Completed", new() { Timeout = Deadline });
        await Assertions.Expect(page.Locator($"#instances tr[data-instance-id='{id}']")).ToContainTextAsync("Completed");
        Assert.Empty(failed);
    }

    [Fact]
    public async Task ApiReference_OpenedWithKey_RendersTheOperations_WithoutLeavingTheGateway()
    {
        var (page, failed, elsewhere) = await OpenAsync($"api-docs/?code={Key}");

        // Rendered from the gateway's OpenAPI document (fetched with the key): the first group's operations are shown.
        await Assertions.Expect(page.GetByText("Liveness: 200 while the gateway process serves requests").First).ToBeVisibleAsync(new() { Timeout = Deadline });
        Assert.Empty(failed);
        Assert.Empty(elsewhere);
    }

    /// <summary>Opens <paramref name="path"/>; collects responses of the gateway that failed and requests to other hosts.</summary>
    private async Task<(IPage Page, ConcurrentQueue<string> Failed, ConcurrentQueue<string> Elsewhere)> OpenAsync(string path)
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _server.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(Deadline);
        var failed = new ConcurrentQueue<string>();
        var elsewhere = new ConcurrentQueue<string>();
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(_server.BaseAddress.ToString(), StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                elsewhere.Enqueue(request.Url);
            }
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                failed.Enqueue($"{response.Status} {response.Url}");
            }
        };
        await page.GotoAsync(path);
        return (page, failed, elsewhere);
    }
}
