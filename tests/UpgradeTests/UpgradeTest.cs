using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using OrleansWorkflows.Hosting;
using Xunit.Abstractions;

namespace OrleansWorkflows.UpgradeTests;

/// <summary>
/// The upgrade test: today's code runs every committed fixture (<c>Fixtures/&lt;name&gt;/&lt;backend&gt;/</c>, found
/// automatically) to completion. For each one a copy of the store is opened by a silo configured as the product
/// configures one for that backend (store, reminders, clustering), with the fixture workflows; then
/// <see cref="FixtureRun"/> drives and checks what the manifest says.
/// </summary>
public sealed class UpgradeTest(ITestOutputHelper output)
{
    /// <summary>Every fixture folder with a manifest, as "name/backend".</summary>
    public static TheoryData<string> Fixtures()
    {
        var data = new TheoryData<string>();
        foreach (var manifest in Directory.GetFiles(FixturesRoot, "manifest.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(FixturesRoot, Path.GetDirectoryName(manifest)!).Replace('\\', '/'));
        }

        return data;
    }

    private static string FixturesRoot => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    /// <summary>Every instance completes with its exact output, every entity holds its exact state, finished and purged instances are as stored.</summary>
    /// <param name="fixture">"name/backend".</param>
    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task Todays_code_runs_every_stored_instance_to_its_exact_result(string fixture)
    {
        var folder = Path.Combine(FixturesRoot, fixture);
        var manifest = FixtureManifest.Read(Path.Combine(folder, "manifest.json"));
        await using var store = await FixtureStore.CopyAsync(folder, manifest);
        var ports = FreePorts.Take(2);
        var probe = default(StoredReminderProbe);
        using var host = FixtureSilo.Build(store.Settings, manifest.ClusterId, manifest.ServiceId, new FixtureMode(generating: false), (ports[0], ports[1]), silo =>
        {
            // Short recovery interval: the recovery sweep reads the stored wake-ups every second (due timers, activities
            // in flight when the fixture's silo was killed), so the test takes seconds instead of minutes.
            silo.AddOrleansWorkflows(o => o.RecoveryInterval = TimeSpan.FromSeconds(2));
            silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp =>
                probe = new StoredReminderProbe(sp.GetRequiredService<IReminderTable>(), manifest.Reminders));
        });
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await host.StartAsync();
        output.WriteLine($"{fixture}: the silo started on the copied store in {clock.Elapsed.TotalSeconds:0.0} s");
        try
        {
            Assert.NotNull(probe);
            clock.Restart();
            await new FixtureRun(host.Services, manifest, probe).VerifyAsync();
            output.WriteLine($"{fixture}: {manifest.Instances.Count} instances and {manifest.Entities.Count} entities checked in {clock.Elapsed.TotalSeconds:0.0} s");
        }
        finally
        {
            await host.StopAsync();
        }
    }

    /// <summary>
    /// The fixtures are committed: at least one, every one on both SQL backends, the SQLite store a real database file;
    /// the ones written since the Azure Storage store had fixtures (a6a8d69) also on Azure Storage, their export holding
    /// the workflow tables, the reminder table and payload blobs; the same instances on every backend of a fixture.
    /// </summary>
    [Fact]
    public void Every_fixture_covers_both_durable_backends()
    {
        var names = Directory.GetDirectories(FixturesRoot);
        Assert.NotEmpty(names);
        var azure = 0;
        foreach (var name in names)
        {
            var sqlite = FixtureManifest.Read(Path.Combine(name, "sqlite", "manifest.json"));
            var header = new byte[16];
            using (var file = File.OpenRead(Path.Combine(name, "sqlite", sqlite.Store)))
            {
                file.ReadExactly(header);
            }

            Assert.Equal("SQLite format 3\0", System.Text.Encoding.ASCII.GetString(header));
            var postgres = FixtureManifest.Read(Path.Combine(name, "postgresql", "manifest.json"));
            Assert.Contains("PostgreSQL database dump", File.ReadAllText(Path.Combine(name, "postgresql", postgres.Store)), StringComparison.Ordinal);
            Assert.Equal(sqlite.Instances.Select(i => (i.Id, i.StoredStatus)), postgres.Instances.Select(i => (i.Id, i.StoredStatus)));
            if (Directory.Exists(Path.Combine(name, "azurestorage")))
            {
                azure++;
                var manifest = FixtureManifest.Read(Path.Combine(name, "azurestorage", "manifest.json"));
                var export = AzureAccountExport.Load(Path.Combine(name, "azurestorage", manifest.Store));
                Assert.NotEmpty(export.Table("owinstances")?.Entities ?? []);
                Assert.NotEmpty(export.Table("owindex")?.Entities ?? []);
                Assert.Equal(manifest.Reminders.Count, export.Table(AzureAccountExport.ReminderTable)?.Entities.Count ?? 0);
                Assert.NotEmpty(export.Containers.Single(c => c.Name == "ow-payloads").Blobs);
                Assert.DoesNotContain(export.Tables, t => t.Name == AzureAccountExport.MembershipTable);
                Assert.Equal(sqlite.Instances.Select(i => (i.Id, i.StoredStatus)), manifest.Instances.Select(i => (i.Id, i.StoredStatus)));
            }
        }

        Assert.True(azure > 0, "no fixture holds an Azure Storage account");
    }
}
