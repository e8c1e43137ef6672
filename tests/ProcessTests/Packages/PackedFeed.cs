using System.IO.Compression;

namespace OrleansWorkflows.ProcessTests.Packages;

/// <summary>
/// Packs every package of the repository (<c>dotnet pack OrleansWorkflows.sln</c>, from the binaries this test run
/// built) into the folder feed of an <see cref="IsolatedDotnet"/>, with the run's own version. Shared by the tests
/// of the class: packing once is enough.
/// </summary>
public sealed class PackedFeed : IAsyncLifetime
{
    /// <summary>Every package the solution must produce, and nothing else (no test, sample or host code).</summary>
    public static readonly string[] PackageIds =
    [
        "OrleansWorkflows",
        "OrleansWorkflows.Abstractions",
        "OrleansWorkflows.AspNetCore",
        "OrleansWorkflows.DurableTask.Grpc",
        "OrleansWorkflows.Storage.Abstractions",
        "OrleansWorkflows.Storage.AzureStorage",
        "OrleansWorkflows.Storage.Hosting",
        "OrleansWorkflows.Storage.PostgreSql",
        "OrleansWorkflows.Storage.Sqlite",
        "OrleansWorkflows.Templates",
        "OrleansWorkflows.Testing",
    ];

    private readonly List<string> _log = [];
    private IsolatedDotnet? _dotnet;

    internal IsolatedDotnet Dotnet => _dotnet ?? throw new InvalidOperationException("Not packed.");

    /// <summary>What packing printed (timings), for the tests' output.</summary>
    public IReadOnlyList<string> Log => _log;

    public async Task InitializeAsync()
    {
        _dotnet = new IsolatedDotnet(line => _log.Add(line));
        await DotnetCommand.RunAsync(
            _dotnet,
            IsolatedDotnet.RepositoryRoot,
            TimeSpan.FromMinutes(5),
            "pack",
            Path.Combine(IsolatedDotnet.RepositoryRoot, "OrleansWorkflows.sln"),
            "--no-build",
            "--configuration",
            IsolatedDotnet.Configuration,
            "--output",
            _dotnet.Feed,
            $"-p:Version={_dotnet.Version}");
    }

    public Task DisposeAsync()
    {
        _dotnet?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>The path of a package in the feed.</summary>
    internal string Package(string id) => Path.Combine(Dotnet.Feed, $"{id}.{Dotnet.Version}.nupkg");

    /// <summary>The names of the files inside a package.</summary>
    internal List<string> Entries(string id)
    {
        using var zip = ZipFile.OpenRead(Package(id));
        return [.. zip.Entries.Select(e => e.FullName)];
    }

    /// <summary>The text of one file inside a package.</summary>
    internal string ReadEntry(string id, string entry)
    {
        using var zip = ZipFile.OpenRead(Package(id));
        using var reader = new StreamReader(zip.GetEntry(entry)?.Open() ?? throw new InvalidOperationException($"{id} has no {entry}."));
        return reader.ReadToEnd();
    }
}
