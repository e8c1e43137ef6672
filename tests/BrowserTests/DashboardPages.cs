using System.Net;
using System.Text.Json;
using Microsoft.Playwright;

namespace OrleansWorkflows.BrowserTests;

/// <summary>What the dashboard tests share: a page of a gateway opened in a fresh browser context, an instance started over the API.</summary>
internal static class DashboardPages
{
    public const string BasePath = "runtime/webhooks/durabletask";
    public static readonly float Deadline = 30_000;

    /// <summary>Opens <paramref name="path"/> of <paramref name="server"/> in a new context (1280×800, dialogs accepted).</summary>
    public static async Task<IPage> OpenAsync(IBrowser browser, DashboardServer server, string path)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.BaseAddress.ToString(), ViewportSize = new() { Width = 1280, Height = 800 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(Deadline);
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await page.GotoAsync(path);
        return page;
    }

    /// <summary>Starts instance <paramref name="id"/> of <paramref name="name"/> over the HTTP API, asserting the 202.</summary>
    public static async Task StartAsync(HttpClient api, string name, string id, string? json)
    {
        using var content = json is null ? null : new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await api.PostAsync(new Uri($"{BasePath}/orchestrators/{name}/{id}", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(id, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString());
    }
}
