using Microsoft.Data.Sqlite;
using OrleansWorkflows.Hosting;
using OrleansWorkflows.TestSupport;

namespace OrleansWorkflows.UpgradeTests;

/// <summary>
/// A throwaway copy of a fixture's store, so the committed fixture is never written: SQLite, the database file copied
/// to a temporary folder; PostgreSQL, a throwaway server with the dump restored by the distribution's <c>psql</c>; Azure
/// Storage, a throwaway Azurite with the export's tables and blobs written into it (<see cref="AzureAccountExport"/>).
/// </summary>
internal sealed class FixtureStore : IAsyncDisposable
{
    private readonly string? _folder;
    private readonly IAsyncLifetime? _server;

    private FixtureStore(StorageSettings settings, string? folder, IAsyncLifetime? server) =>
        (Settings, _folder, _server) = (settings, folder, server);

    /// <summary>The storage settings of the copy.</summary>
    public StorageSettings Settings { get; }

    /// <summary>Copies the store of the fixture in <paramref name="fixtureFolder"/>.</summary>
    /// <param name="fixtureFolder">The folder of the manifest.</param>
    /// <param name="manifest">The manifest.</param>
    public static async Task<FixtureStore> CopyAsync(string fixtureFolder, FixtureManifest manifest)
    {
        var source = Path.Combine(fixtureFolder, manifest.Store);
        Assert.True(File.Exists(source), $"The fixture's store {source} is missing.");
        switch (manifest.Backend)
        {
            case "sqlite":
                var folder = Path.Combine(Path.GetTempPath(), "ow-upgrade-" + Guid.NewGuid().ToString("N"));
                Directory.CreateDirectory(folder);
                var database = Path.Combine(folder, "store.db");
                File.Copy(source, database);
                return new FixtureStore(new StorageSettings(StorageKind.Sqlite, database), folder, null);
            case "postgresql":
                var server = new PostgreSqlServer();
                await server.InitializeAsync();
                await server.RestoreAsync(source);
                return new FixtureStore(new StorageSettings(StorageKind.PostgreSql, server.ConnectionString()), null, server);
            case "azurestorage":
                var azurite = new AzuriteServer();
                await azurite.InitializeAsync();
                await AzureAccountExport.Load(source).WriteAsync(azurite.ConnectionString);
                return new FixtureStore(new StorageSettings(StorageKind.AzureStorage, azurite.ConnectionString), null, azurite);
            default:
                throw new InvalidDataException($"Unknown backend '{manifest.Backend}' in the manifest of {fixtureFolder}.");
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_folder is not null)
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(_folder, recursive: true);
        }
    }
}
