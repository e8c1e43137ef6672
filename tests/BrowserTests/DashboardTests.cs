using System.Net;
using Microsoft.Playwright;

namespace OrleansWorkflows.BrowserTests;

/// <summary>The dashboard in a real browser: list, detail, actions.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardTests(BrowserFixture fixture)
{
    private const string BasePath = "runtime/webhooks/durabletask";
    private static readonly float Deadline = 30_000;

    [Fact]
    public async Task Dashboard_StartedInstance_IsListed_OpensAndTerminates()
    {
        var id = $"browser-{Guid.NewGuid():N}";
        await StartAsync("Approval", id, """{"timeoutSeconds": 600}""");
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.Server.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(Deadline);
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();

        await page.GotoAsync("dashboard/");
        await page.GetByLabel("Id prefix").FillAsync(id);
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        var row = page.Locator($"#instances tr[data-instance-id='{id}']");
        await Assertions.Expect(row).ToContainTextAsync("Running");

        await row.GetByRole(AriaRole.Button, new() { Name = id }).ClickAsync();
        await Assertions.Expect(page.Locator("#detail-status")).ToHaveTextAsync("Running");
        await Assertions.Expect(page.Locator("#detail-input")).ToContainTextAsync("600");
        await Assertions.Expect(page.Locator("#history tbody")).ToContainTextAsync("ExecutionStarted");

        await page.GetByRole(AriaRole.Button, new() { Name = "Terminate" }).ClickAsync();

        await Assertions.Expect(page.Locator("#detail-status")).ToHaveTextAsync("Terminated");
        await Assertions.Expect(row).ToContainTextAsync("Terminated");
        using var status = await fixture.Api.GetAsync(new Uri($"{BasePath}/instances/{id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
    }

    [Fact]
    public async Task Dashboard_StatusFilter_ShowsOnlyMatchingInstances_AndRaiseEventCompletes()
    {
        var prefix = $"filter-{Guid.NewGuid():N}-";
        await StartAsync("Approval", prefix + "waiting", """{"timeoutSeconds": 600}""");
        await StartAsync("HelloSequence", prefix + "done", null);
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.Server.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(Deadline);

        await page.GotoAsync("dashboard/");
        await page.GetByLabel("Id prefix").FillAsync(prefix);
        await page.GetByLabel("Status").SelectOptionAsync("Running");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();

        var rows = page.Locator("#instances tbody tr[data-instance-id]");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToHaveAttributeAsync("data-instance-id", prefix + "waiting");

        await rows.First.GetByRole(AriaRole.Button).ClickAsync();
        await page.GetByLabel("Event name").FillAsync("Approval");
        await page.GetByLabel("Payload (JSON)").FillAsync("true");
        await page.GetByRole(AriaRole.Button, new() { Name = "Raise event" }).ClickAsync();

        await Assertions.Expect(page.Locator("#detail-status")).ToHaveTextAsync("Completed");
        await Assertions.Expect(page.Locator("#detail-output")).ToContainTextAsync("Approved");
    }

    private Task StartAsync(string name, string id, string? json) => DashboardPages.StartAsync(fixture.Api, name, id, json);
}
