using OrleansWorkflows.Storage.Sqlite;

namespace OrleansWorkflows.StorageConformanceTests.Sqlite;

/// <summary>A SQLite database in a fresh temporary file, deleted (with its WAL files) on dispose.</summary>
internal sealed class TempSqliteDatabase : IDisposable
{
    public TempSqliteDatabase(Action<SqliteStoreOptions>? configure = null)
    {
        Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "orleansworkflows-tests", Guid.NewGuid().ToString("N"));
        Path = System.IO.Path.Combine(Directory, "store.db");
        Database = Open(configure);
    }

    public string Directory { get; }

    public string Path { get; }

    public SqliteDatabase Database { get; private set; }

    /// <summary>Closes the database and opens the same file again (as a restarted process would).</summary>
    public SqliteDatabase Reopen()
    {
        Database.Dispose();
        return Database = Open(null);
    }

    public void Dispose()
    {
        Database.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private SqliteDatabase Open(Action<SqliteStoreOptions>? configure)
    {
        var options = new SqliteStoreOptions { ConnectionString = Path };
        configure?.Invoke(options);
        var database = new SqliteDatabase(options);
        database.EnsureReady();
        return database;
    }
}
