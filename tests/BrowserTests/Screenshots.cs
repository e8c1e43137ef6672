using Microsoft.Playwright;

namespace OrleansWorkflows.BrowserTests;

/// <summary>
/// Screenshots the dashboard tests take of the page they checked, into <c>screenshots/</c> of the test output folder
/// (the README's pictures in <c>docs/dashboard/</c> are copied from there).
/// </summary>
internal static class Screenshots
{
    public static async Task TakeAsync(IPage page, string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }
}
