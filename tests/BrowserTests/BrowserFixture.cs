using Microsoft.Playwright;

namespace OrleansWorkflows.BrowserTests;

/// <summary>
/// One Chromium (Debian's <c>/usr/bin/chromium</c>, driven by Playwright) and one gateway for the whole test run. When
/// Chromium is missing every browser test fails with a message saying how to install it: they never skip silently.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run",
    ];

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public DashboardServer Server { get; } = new();

    /// <summary>An HTTP client of the same gateway, for setting up instances through the API.</summary>
    public HttpClient Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"Chromium is not installed at {ChromiumPath}: the browser tests need it. Install it with 'apt-get install -y chromium' " +
                "(.ci/run does this when it is missing).");
        }

        // Playwright's expectations wait 5 s by default, as long as the dashboard's auto-refresh interval: on a loaded CI
        // machine a change shown by the next refresh missed that window. They wait as long as page actions do.
        Assertions.SetDefaultExpectTimeout(DashboardPages.Deadline);
        Server.StartServer();
        Api = new HttpClient { BaseAddress = Server.BaseAddress };
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        Api?.Dispose();
        await Server.DisposeAsync();
    }
}

/// <summary>Every browser test shares one <see cref="BrowserFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
