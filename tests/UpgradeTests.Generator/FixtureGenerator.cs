using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using OrleansWorkflows.Hosting;
using OrleansWorkflows.TestSupport;

namespace OrleansWorkflows.UpgradeTests.Generator;

/// <summary>
/// Writes one fixture folder, <c>tests/UpgradeTests/Fixtures/&lt;name&gt;/&lt;backend&gt;/</c> (store + manifest.json), per
/// backend: starts the fixture silo as a separate process on a fresh store, drives <see cref="Scenario"/> through a
/// client, kills the silo (SIGKILL: activities are in flight) and exports the store (<see cref="StoreExport"/>).
/// </summary>
internal static class FixtureGenerator
{
    // The product silo's defaults (src/Silo): reminder rows belong to the service id.
    private const string ClusterId = "dev";
    private const string ServiceId = "dev";

    public static async Task<int> RunAsync(string[] args)
    {
        var repo = FindRepository();
        var commit = Git(repo, "rev-parse", "--short=7", "HEAD");
        var name = Option(args, "--name") ?? $"{DateTime.UtcNow:yyyy-MM-dd}-{commit}";
        var backends = Option(args, "--backend") is { } one ? [one] : new[] { "sqlite", "postgresql", "azurestorage" };
        foreach (var backend in backends)
        {
            var folder = Path.Combine(repo, "tests", "UpgradeTests", "Fixtures", name, backend);
            Directory.CreateDirectory(folder);
            Console.WriteLine($"Writing {folder}");
            var manifest = backend switch
            {
                "sqlite" => await GenerateSqliteAsync(folder, name, commit),
                "postgresql" => await GeneratePostgreSqlAsync(folder, name, commit),
                "azurestorage" => await GenerateAzureStorageAsync(folder, name, commit),
                _ => throw new ArgumentException($"Unknown backend '{backend}' (sqlite, postgresql or azurestorage)."),
            };
            manifest.Write(Path.Combine(folder, "manifest.json"));
            Console.WriteLine($"  {manifest.Instances.Count} instances, {manifest.Entities.Count} entities, {manifest.Reminders.Count} reminder rows");
        }

        return 0;
    }

    private static async Task<FixtureManifest> GenerateSqliteAsync(string folder, string name, string commit)
    {
        var work = Path.Combine(Path.GetTempPath(), "ow-fixture-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            var database = Path.Combine(work, "store.db");
            var (instances, entities, killedAt) = await RunScenarioAsync(new StorageSettings(StorageKind.Sqlite, database));
            var reminders = StoreExport.CheckpointSqlite(database);
            File.Copy(database, Path.Combine(folder, "store.db"), overwrite: true);
            return new FixtureManifest(name, "sqlite", commit, killedAt, ClusterId, ServiceId, "store.db", reminders, instances, entities);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<FixtureManifest> GeneratePostgreSqlAsync(string folder, string name, string commit)
    {
        var server = new PostgreSqlServer();
        await server.InitializeAsync();
        try
        {
            var (instances, entities, killedAt) = await RunScenarioAsync(new StorageSettings(StorageKind.PostgreSql, server.ConnectionString()));
            var reminders = await StoreExport.DumpPostgreSqlAsync(server, Path.Combine(folder, "store.sql"));
            return new FixtureManifest(name, "postgresql", commit, killedAt, ClusterId, ServiceId, "store.sql", reminders, instances, entities);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    private static async Task<FixtureManifest> GenerateAzureStorageAsync(string folder, string name, string commit)
    {
        var azurite = new AzuriteServer();
        await azurite.InitializeAsync();
        try
        {
            var (instances, entities, killedAt) = await RunScenarioAsync(new StorageSettings(StorageKind.AzureStorage, azurite.ConnectionString));
            var export = await AzureAccountExport.ReadAsync(azurite.ConnectionString);
            export.Save(Path.Combine(folder, "store.json"));
            return new FixtureManifest(name, "azurestorage", commit, killedAt, ClusterId, ServiceId, "store.json", StoreExport.AzureReminders(export), instances, entities);
        }
        finally
        {
            await azurite.DisposeAsync();
        }
    }

    private static async Task<(IReadOnlyList<FixtureInstance>, IReadOnlyList<FixtureEntity>, DateTime)> RunScenarioAsync(StorageSettings storage)
    {
        var ports = FreePorts.Take(2);
        using var silo = new SiloProcess(storage, ClusterId, ServiceId, ports[0], ports[1]);
        await Eventually.UntilAsync(() => silo.Ready, TimeSpan.FromSeconds(60), "the generator's silo started");

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client => client
            .UseStaticClustering(new IPEndPoint(IPAddress.Loopback, ports[1]))
            .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (ClusterId, ServiceId)));
        using var clientHost = builder.Build();
        await clientHost.StartAsync();
        var workflows = new WorkflowClient(clientHost.Services.GetRequiredService<IClusterClient>());
        var scenario = new Scenario(workflows, silo.ActivitiesStarted);
        var (instances, entities) = await scenario.RunAsync();

        // The silo dies as in a crash, with activities in flight and timers pending (checked just before).
        silo.Kill();
        var killedAt = DateTime.UtcNow;
        await clientHost.StopAsync(TimeSpan.FromSeconds(5));
        return (instances, entities, killedAt);
    }

    private static string? Option(string[] args, string name) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

    private static string FindRepository()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OrleansWorkflows.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Run the generator inside the repository (OrleansWorkflows.sln not found above the working directory).");
    }

    private static string Git(string repo, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, UseShellExecute = false, WorkingDirectory = repo };
        arguments.ToList().ForEach(start.ArgumentList.Add);
        using var git = Process.Start(start) ?? throw new InvalidOperationException("Cannot run git.");
        var output = git.StandardOutput.ReadToEnd().Trim();
        git.WaitForExit();
        return git.ExitCode == 0 ? output : throw new InvalidOperationException($"git {string.Join(' ', arguments)} exited with {git.ExitCode.ToString(CultureInfo.InvariantCulture)}.");
    }
}
