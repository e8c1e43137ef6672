namespace OrleansWorkflows.Bench;

/// <summary>A storage backend under test: the silo settings for it and its durability settings, as recorded in the JSON.</summary>
internal sealed class Backend : IAsyncDisposable
{
    private readonly Func<Dictionary<string, string>> _settings;
    private readonly Func<ValueTask> _cleanup;

    private Backend(string name, string durability, Func<Dictionary<string, string>> settings, Func<ValueTask> cleanup)
    {
        (Name, Durability, _settings, _cleanup) = (name, durability, settings, cleanup);
    }

    public string Name { get; }

    public string Durability { get; }

    /// <summary>The process name of a database server the tool started (its CPU counts as the benchmark's own), or <c>null</c>.</summary>
    public string? ServerProcessName { get; private init; }

    /// <summary>The silo settings for a new silo (SQLite: a new database file for every silo).</summary>
    public Dictionary<string, string> NewSiloSettings() => _settings();

    public ValueTask DisposeAsync() => _cleanup();

    /// <summary>Prepares the backend, or returns why it cannot run here.</summary>
    public static async Task<(Backend? Backend, string? SkipReason)> PrepareAsync(string name, BenchOptions options)
    {
        switch (name)
        {
            case "memory":
                return (new Backend(name, "none (in-memory store and reminders)", () => new() { ["Storage:Kind"] = "Memory" }, () => ValueTask.CompletedTask), null);
            case "sqlite":
                var directory = Directory.CreateTempSubdirectory("orleansworkflows-bench-");
                var files = 0;
                return (new Backend(
                    name,
                    "SQLite WAL, synchronous=FULL (the shipped SqliteStoreOptions default, not changed)",
                    () => new() { ["Storage:Kind"] = "Sqlite", ["Storage:ConnectionString"] = Path.Combine(directory.FullName, $"bench-{++files}.db") },
                    () =>
                    {
                        directory.Delete(recursive: true);
                        return ValueTask.CompletedTask;
                    }), null);
            default:
                return await PreparePostgresAsync(options);
        }
    }

    private static async Task<(Backend?, string?)> PreparePostgresAsync(BenchOptions options)
    {
        if (options.PostgresConnectionString is { } given)
        {
            return (new Backend("postgres", "as configured on the given server (--pg)", () => PostgresSettings(given), () => ValueTask.CompletedTask), null);
        }

        var (server, reason) = await PostgresServer.TryStartAsync();
        if (server is null)
        {
            return (null, reason);
        }

        var backend = new Backend("postgres", server.Durability, () => PostgresSettings(server.ConnectionString), server.DisposeAsync)
        {
            ServerProcessName = "postgres",
        };
        return (backend, null);
    }

    private static Dictionary<string, string> PostgresSettings(string connection) =>
        new() { ["Storage:Kind"] = "PostgreSql", ["Storage:ConnectionString"] = connection };
}
