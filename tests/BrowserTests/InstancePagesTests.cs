using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Playwright;

namespace OrleansWorkflows.BrowserTests;

/// <summary>The instances list and the instance page in a real browser: start, timeline, filters, offered actions, purge.</summary>
[Collection(BrowserCollection.Name)]
public sealed class InstancePagesTests(BrowserFixture fixture)
{
    private const string BasePath = DashboardPages.BasePath;

    [Fact]
    public async Task StartHelloSequence_FromTheForm_Completes_AndItsTimelineShowsThreeActivityBarsInOrder()
    {
        var id = $"ui-hello-{Guid.NewGuid():N}";
        var page = await OpenAsync("dashboard/");
        await Assertions.Expect(page.Locator("#page-info")).ToContainTextAsync("instance(s)");
        await Assertions.Expect(page.Locator("#orchestration-names option[value='HelloSequence']")).ToHaveCountAsync(1);

        await page.GetByText("Start an orchestration").ClickAsync();
        await page.Locator("#start-name").FillAsync("HelloSequence");
        await page.Locator("#start-id").FillAsync(id);
        await page.Locator("#start button[type=submit]").ClickAsync();

        await Assertions.Expect(page.Locator("#detail-status")).ToHaveTextAsync("Completed");
        await Assertions.Expect(page.Locator("#detail-output")).ToContainTextAsync("Hello London!");
        var bars = page.Locator("#timeline g[data-kind='activity']");
        await Assertions.Expect(bars).ToHaveCountAsync(3);
        var spans = await bars.EvaluateAllAsync<string[][]>("gs => gs.map(g => [g.dataset.name, g.dataset.start, g.dataset.end, g.dataset.status, g.querySelector('rect').getAttribute('x')])");
        Assert.All(spans, s => Assert.Equal(("SayHello", "completed"), (s[0], s[3])));
        var starts = spans.Select(s => DateTime.Parse(s[1], CultureInfo.InvariantCulture)).ToList();
        var ends = spans.Select(s => DateTime.Parse(s[2], CultureInfo.InvariantCulture)).ToList();
        Assert.True(ends[0] <= starts[1] && ends[1] <= starts[2], string.Join(", ", spans.Select(s => $"{s[1]}..{s[2]}")));
        // The page places a bar by its start in whole milliseconds (Date.parse): activities that take less than one share
        // an x (seen: the first one cold, the next two done within the same millisecond), later ones lie further right.
        var xs = spans.Select(s => double.Parse(s[4], CultureInfo.InvariantCulture)).ToList();
        var startMs = starts.Select(s => new DateTimeOffset(s).ToUnixTimeMilliseconds()).ToList();
        for (var i = 0; i < 2; i++)
        {
            Assert.True(startMs[i] < startMs[i + 1] ? xs[i] < xs[i + 1] : xs[i] == xs[i + 1], $"{string.Join(", ", xs)} for starts {string.Join(", ", spans.Select(s => s[1]))}");
        }
        await Assertions.Expect(page.Locator("#export-history")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex($"instances/{id}/history/export$"));
        await Screenshots.TakeAsync(page, "timeline");
    }

    [Fact]
    public async Task RunningApproval_OffersOnlyItsActions_TerminatedThenPurgedFromTheUi()
    {
        var id = $"ui-purge-{Guid.NewGuid():N}";
        await StartAsync("Approval", id, """{"timeoutSeconds": 600}""");
        var page = await OpenAsync($"dashboard/#instance={id}");
        await Assertions.Expect(page.Locator("#detail-status")).ToHaveTextAsync("Running");

        var actions = page.GetByRole(AriaRole.Group, new() { Name = "Instance actions" });
        await Assertions.Expect(actions.GetByRole(AriaRole.Button, new() { Name = "Terminate", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(actions.GetByRole(AriaRole.Button, new() { Name = "Suspend", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(actions.GetByRole(AriaRole.Button, new() { Name = "Purge", Exact = true })).ToBeHiddenAsync();
        await Assertions.Expect(actions.GetByRole(AriaRole.Button, new() { Name = "Rewind", Exact = true })).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#timeline g[data-kind='timer'][data-status='running']")).ToHaveCountAsync(1);

        await actions.GetByRole(AriaRole.Button, new() { Name = "Terminate", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#detail-status")).ToHaveTextAsync("Terminated");
        await Assertions.Expect(actions.GetByRole(AriaRole.Button, new() { Name = "Terminate", Exact = true })).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#raise")).ToBeHiddenAsync();
        await actions.GetByRole(AriaRole.Button, new() { Name = "Purge", Exact = true }).ClickAsync();

        await Assertions.Expect(page.Locator("#list-section")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#message")).ToContainTextAsync($"Purged {id}.");
        using var status = await fixture.Api.GetAsync(new Uri($"{BasePath}/instances/{id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);
    }

    [Fact]
    public async Task FilterByNameAndStatus_ListsOnlyMatchingRows_CountsPerStatus_AndRowActionsFitTheStatus()
    {
        var prefix = $"ui-filter-{Guid.NewGuid():N}-";
        await StartAsync("Approval", prefix + "a1", """{"timeoutSeconds": 600}""");
        await StartAsync("Approval", prefix + "a2", """{"timeoutSeconds": 600}""");
        await StartAsync("HelloSequence", prefix + "h1", null);
        await WaitForStatusAsync(prefix + "h1", "Completed");
        var page = await OpenAsync("dashboard/");

        await page.Locator("#filter-prefix").FillAsync(prefix);
        await page.Locator("#filter-name").FillAsync("Approval");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        var rows = page.Locator("#instances tbody tr[data-instance-id]");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#counts a[data-status='Running']")).ToHaveTextAsync("Running: 2");

        await page.Locator("#filter-name").FillAsync(string.Empty);
        await page.Locator("#filter-status").SelectOptionAsync("Completed");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToHaveAttributeAsync("data-instance-id", prefix + "h1");
        await Assertions.Expect(page.Locator("#counts a[data-status='Running']")).ToHaveTextAsync("Running: 2");
        await Assertions.Expect(page.Locator("#counts a[data-status='Completed']")).ToHaveTextAsync("Completed: 1");
        var offered = await rows.First.Locator("select option").EvaluateAllAsync<string[]>("os => os.map(o => o.value).filter(v => v)");
        Assert.Equal(["restart", "purge"], offered);

        await page.Locator("#filter-status").SelectOptionAsync(string.Empty);
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(3);
        await page.Locator("#instances thead button[data-sort='name']").ClickAsync();
        var names = await rows.EvaluateAllAsync<string[]>("rs => rs.map(r => r.cells[1].textContent)");
        Assert.Equal(["Approval", "Approval", "HelloSequence"], names);
        await page.Locator("#instances thead button[data-sort='name']").ClickAsync();
        names = await rows.EvaluateAllAsync<string[]>("rs => rs.map(r => r.cells[1].textContent)");
        Assert.Equal(["HelloSequence", "Approval", "Approval"], names);
        await Screenshots.TakeAsync(page, "instances");
    }

    private Task<IPage> OpenAsync(string path) => DashboardPages.OpenAsync(fixture.Browser, fixture.Server, path);

    private Task WaitForStatusAsync(string id, string status) =>
        Eventually.UntilAsync(
            async () =>
            {
                using var response = await fixture.Api.GetAsync(new Uri($"{BasePath}/instances/{id}", UriKind.Relative));
                return response.IsSuccessStatusCode
                    && JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("runtimeStatus").GetString() == status;
            },
            TimeSpan.FromSeconds(30),
            $"{id} is {status}");

    private Task StartAsync(string name, string id, string? json) => DashboardPages.StartAsync(fixture.Api, name, id, json);
}
