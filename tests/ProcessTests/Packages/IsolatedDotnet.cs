using System.Diagnostics;
using System.Reflection;

namespace OrleansWorkflows.ProcessTests.Packages;

/// <summary>
/// A throwaway place outside the repository where the <c>dotnet</c> CLI runs as on a user's machine, isolated from the
/// machine's own state: its CLI home, NuGet package folder, HTTP cache and template hive are temporary folders, deleted
/// afterwards, so nothing leaks into the machine's caches. Its <c>NuGet.config</c> lists two sources: the folder feed the
/// packages were packed into — the only source allowed for <c>OrleansWorkflows.*</c> (package source mapping) — and the
/// registry for everything else. The machine's package folder serves as a read-only fallback so that Orleans, ASP.NET
/// Core and xunit are not downloaded again; the packages under test, with a version unique to this run, cannot be there.
/// </summary>
internal sealed class IsolatedDotnet : IDisposable
{
    private readonly Action<string> _log;

    public IsolatedDotnet(Action<string> log)
    {
        _log = log;
        Root = Path.Combine(Path.GetTempPath(), "orleansworkflows-packages", Guid.NewGuid().ToString("N"));
        Feed = Directory.CreateDirectory(Path.Combine(Root, "feed")).FullName;
        Apps = Directory.CreateDirectory(Path.Combine(Root, "apps")).FullName;
        Hive = Directory.CreateDirectory(Path.Combine(Root, "template-hive")).FullName;
        Directory.CreateDirectory(Path.Combine(Root, "cli-home"));
        Directory.CreateDirectory(Path.Combine(Root, "nuget-packages"));

        // A prerelease version of this run only: a package of another run, cached anywhere, can never be taken for it.
        Version = $"0.0.0-ci.{DateTime.UtcNow:yyyyMMddHHmmss}.{Guid.NewGuid().ToString("N")[..8]}";
        File.WriteAllText(Path.Combine(Root, "NuGet.config"), NuGetConfig());
    }

    /// <summary>The folder everything lives in (deleted by <see cref="Dispose"/>).</summary>
    public string Root { get; }

    /// <summary>The folder feed the packages are packed into.</summary>
    public string Feed { get; }

    /// <summary>Where the apps are made (under <see cref="Root"/>, so its <c>NuGet.config</c> applies).</summary>
    public string Apps { get; }

    /// <summary>The template hive of <c>dotnet new</c> (<c>--debug:custom-hive</c>).</summary>
    public string Hive { get; }

    /// <summary>The version every package of this run is packed with.</summary>
    public string Version { get; }

    /// <summary>The repository this test was built from.</summary>
    public static string RepositoryRoot => Metadata("RepositoryRoot");

    /// <summary>The build configuration of this test (the one the repository's projects were built with).</summary>
    public static string Configuration => Metadata("Configuration");

    public void Log(string line) => _log(line);

    /// <summary>Sets the isolated environment on a process to start.</summary>
    public void ApplyTo(ProcessStartInfo start)
    {
        ArgumentNullException.ThrowIfNull(start);

        // Started from a test host that dotnet test started: MSBuild's own variables would point the child's builds at
        // the parent's SDK resolution; the child finds its SDK as a user's shell would.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_HOME"] = Path.Combine(Root, "cli-home");
        start.Environment["NUGET_PACKAGES"] = Path.Combine(Root, "nuget-packages");
        start.Environment["NUGET_HTTP_CACHE_PATH"] = Path.Combine(Root, "nuget-http-cache");
        start.Environment["NUGET_PLUGINS_CACHE_PATH"] = Path.Combine(Root, "nuget-plugins-cache");
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_WORKLOAD_UPDATE_NOTIFY_DISABLE"] = "true";
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A process that has not let go of a file yet: the folder is under the temp folder, left for the OS.
        }
    }

    private string NuGetConfig()
    {
        var fallback = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var fallbackEntry = Directory.Exists(fallback) ? $"""<add key="machine" value="{fallback}" />""" : string.Empty;
        return $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="orleansworkflows-feed" value="{Feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="orleansworkflows-feed">
                  <package pattern="OrleansWorkflows" />
                  <package pattern="OrleansWorkflows.*" />
                </packageSource>
                <packageSource key="nuget.org">
                  <package pattern="*" />
                </packageSource>
              </packageSourceMapping>
              <fallbackPackageFolders>
                <clear />
                {fallbackEntry}
              </fallbackPackageFolders>
            </configuration>
            """;
    }

    private static string Metadata(string key) =>
        typeof(IsolatedDotnet).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
