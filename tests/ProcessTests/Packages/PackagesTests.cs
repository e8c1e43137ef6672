using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Xunit.Abstractions;

namespace OrleansWorkflows.ProcessTests.Packages;

/// <summary>
/// The packages as a user gets them, outside the repository and without project references: the packed feed holds
/// exactly the library packages, each with its readme and XML docs (the authoring API with the typed-call generator as an
/// analyzer); an app made from the template package
/// (<c>dotnet new orleansworkflows</c>) and a plain <c>dotnet new web</c> app that adds the packages by hand both build
/// against the packed packages only, run, start their own orchestration over HTTP and see it complete, and signal and
/// read their own entity; the template's generated tests pass on the packed test kit.
/// </summary>
public sealed class PackagesTests(PackedFeed feed, ITestOutputHelper output) : IClassFixture<PackedFeed>
{
    private static readonly TimeSpan Restore = TimeSpan.FromMinutes(6);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly int _logStart = feed.Log.Count;

    [Fact]
    public void Feed_HoldsEveryLibraryPackage_WithReadmeAndXmlDocs_AndNothingElse()
    {
        var packages = Directory.GetFiles(feed.Dotnet.Feed, "*.nupkg").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(PackedFeed.PackageIds.Select(id => $"{id}.{feed.Dotnet.Version}.nupkg").Order(StringComparer.Ordinal), packages);
        foreach (var id in PackedFeed.PackageIds.Where(id => id != "OrleansWorkflows.Templates"))
        {
            var entries = feed.Entries(id);
            Assert.Contains("README.md", entries);
            Assert.Contains(entries, e => e.StartsWith("lib/net10.0/", StringComparison.Ordinal) && e.EndsWith(".xml", StringComparison.Ordinal));
        }

        // The typed-call generator rides in the authoring-API package (the template's ProcessOrder compiles only with it).
        Assert.Contains("analyzers/dotnet/cs/OrleansWorkflows.Generators.dll", feed.Entries("OrleansWorkflows.Abstractions"));
        // So do the orchestrator-code analyzers and their code fixes (src/Analyzers, src/Analyzers.CodeFixes).
        Assert.Contains("analyzers/dotnet/cs/OrleansWorkflows.Analyzers.dll", feed.Entries("OrleansWorkflows.Abstractions"));
        Assert.Contains("analyzers/dotnet/cs/OrleansWorkflows.Analyzers.CodeFixes.dll", feed.Entries("OrleansWorkflows.Abstractions"));
        Assert.Contains(
            $"<OrleansWorkflowsVersion>{feed.Dotnet.Version}</OrleansWorkflowsVersion>",
            feed.ReadEntry("OrleansWorkflows.Templates", "content/OrleansWorkflowsApp/Directory.Build.props"),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task TemplateApp_BuildsFromThePackages_ItsTestsPass_AndItServesItsOwnWorkflows()
    {
        var dotnet = feed.Dotnet;
        var app = Path.Combine(dotnet.Apps, "Shop");
        try
        {
            await DotnetCommand.RunAsync(dotnet, dotnet.Apps, Restore, "new", "install", feed.Package("OrleansWorkflows.Templates"), "--debug:custom-hive", dotnet.Hive);
            await DotnetCommand.RunAsync(dotnet, dotnet.Apps, Restore, "new", "orleansworkflows", "--name", "Shop", "--output", app, "--debug:custom-hive", dotnet.Hive, "--no-update-check");
            await DotnetCommand.RunAsync(dotnet, app, Restore, "build", "Shop.slnx", "--disable-build-servers");
            var tests = await DotnetCommand.RunAsync(dotnet, app, Restore, "test", "Shop.slnx", "--no-build");
            Assert.Contains("Passed!  - Failed:     0, Passed:     2", tests, StringComparison.Ordinal);

            var ports = FreePorts.Take(3);
            var output = Path.Combine(app, "src", "Shop", "bin", "Debug", "net10.0");
            await using var shop = await StartAsync(
                "Shop",
                Path.Combine(output, "Shop.dll"),
                output,
                ports[0],
                $"--Orleans:SiloPort={ports[1]}",
                $"--Orleans:GatewayPort={ports[2]}",
                $"--Storage:ConnectionString={Path.Combine(dotnet.Root, "shop.db")}");
            var api = "/runtime/webhooks/durabletask";

            Assert.Equal(
                "\"Charged 4200 cents to alice\"",
                await PostAsync(shop, $"{api}/orchestrators/ProcessOrder?timeout=60", """{"customer":"alice","amountCents":4200}""", HttpStatusCode.OK));
            Assert.Equal("4200", await GetAsync(shop, $"{api}/entities/CustomerTotal/alice"));
            await PostAsync(shop, $"{api}/entities/CustomerTotal/alice?op=Add", "100", HttpStatusCode.Accepted);
            await EntityReachesAsync(shop, $"{api}/entities/CustomerTotal/alice", "4300");
            Assert.Contains("<html", await GetAsync(shop, "/dashboard/"), StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            Flush();
        }
    }

    [Fact]
    public async Task HandMadeWebApp_AddsThePackages_BuildsRunsAndServesItsOwnWorkflowsUnderAPrefix()
    {
        var dotnet = feed.Dotnet;
        var app = Path.Combine(dotnet.Apps, "HandMade");
        try
        {
            await DotnetCommand.RunAsync(dotnet, dotnet.Apps, Restore, "new", "web", "--name", "HandMade", "--output", app, "--no-restore", "--debug:custom-hive", dotnet.Hive, "--no-update-check");
            foreach (var package in new[] { "OrleansWorkflows", "OrleansWorkflows.AspNetCore", "OrleansWorkflows.Storage.Sqlite" })
            {
                await DotnetCommand.RunAsync(dotnet, app, Restore, "add", "package", package, "--version", dotnet.Version, "--no-restore");
            }

            await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), HandMadeApp.Program);
            await File.WriteAllTextAsync(Path.Combine(app, "Workflows.cs"), HandMadeApp.Workflows);
            await DotnetCommand.RunAsync(dotnet, app, Restore, "build", "--disable-build-servers");

            var ports = FreePorts.Take(3);
            var output = Path.Combine(app, "bin", "Debug", "net10.0");
            await using var handMade = await StartAsync(
                "HandMade",
                Path.Combine(output, "HandMade.dll"),
                output,
                ports[0],
                $"--SiloPort={ports[1]}",
                $"--GatewayPort={ports[2]}",
                $"--Database={Path.Combine(dotnet.Root, "handmade.db")}");
            var api = $"{HandMadeApp.Prefix}/runtime/webhooks/durabletask";

            Assert.Equal("my own app", await GetAsync(handMade, "/"));
            Assert.Equal("\"Hi Ann! Hi Bo!\"", await PostAsync(handMade, $"{api}/orchestrators/GreetAll?timeout=60", """["Ann","Bo"]""", HttpStatusCode.OK));
            Assert.Equal("2", await GetAsync(handMade, $"{api}/entities/Visits/greetings"));
            await PostAsync(handMade, $"{api}/entities/Visits/greetings?op=Add", "3", HttpStatusCode.Accepted);
            await EntityReachesAsync(handMade, $"{api}/entities/Visits/greetings", "5");
        }
        finally
        {
            Flush();
        }
    }

    private static async Task<RunningApp> StartAsync(string name, string dll, string workingDirectory, int httpPort, params string[] arguments)
    {
        var url = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{httpPort}");
        var process = ServiceProcess.Start(name, dll, new[] { "--urls", url }.Concat(arguments), workingDirectory);
        var app = new RunningApp(process, new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(90) });
        await Eventually.HoldsAsync(
            async () =>
            {
                process.AssertRunning();
                try
                {
                    using var response = await app.Http.GetAsync(new Uri("/", UriKind.Relative));
                    return (true, response.StatusCode.ToString());
                }
                catch (HttpRequestException ex)
                {
                    return (false, ex.Message);
                }
            },
            TimeSpan.FromSeconds(90),
            $"{name} serving HTTP");
        return app;
    }

    private static async Task<string> PostAsync(RunningApp app, string path, string json, HttpStatusCode expected)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await app.Http.PostAsync(new Uri(path, UriKind.Relative), content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"POST {path}: {(int)response.StatusCode} {body}\n{app.Process.Output}");
        return body;
    }

    private static async Task<string> GetAsync(RunningApp app, string path)
    {
        using var response = await app.Http.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}\n{app.Process.Output}");
        return body;
    }

    private static Task EntityReachesAsync(RunningApp app, string path, string state) =>
        Eventually.HoldsAsync(
            async () =>
            {
                using var response = await app.Http.GetAsync(new Uri(path, UriKind.Relative));
                var body = await response.Content.ReadAsStringAsync();
                return (response.StatusCode == HttpStatusCode.OK && body == state, $"{(int)response.StatusCode} {body}");
            },
            TimeSpan.FromSeconds(60),
            $"{path} holding {state}");

    private void Flush()
    {
        // The first line is the packing (once for the class), then this test's own commands.
        foreach (var line in feed.Log.Take(1).Concat(feed.Log.Skip(Math.Max(1, _logStart))))
        {
            output.WriteLine(line);
        }

        output.WriteLine($"this test: {_clock.Elapsed.TotalSeconds:0} s");
    }

    private sealed class RunningApp(ServiceProcess process, HttpClient http) : IAsyncDisposable
    {
        public ServiceProcess Process { get; } = process;

        public HttpClient Http { get; } = http;

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await Process.DisposeAsync();
        }
    }
}
