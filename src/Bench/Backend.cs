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

    /// <summary>The process id of a storage server the tool started (Azurite: its CPU counts as the benchmark's own and is
    /// recorded as <c>server_cpu_ms</c>), or <c>null</c>.</summary>
    public int? ServerProcessId { get; private init; }

    /// <summary>
    /// Whether this backend runs <paramref name="variant"/>: all do, but Azurite (one Node.js process) runs no row of
    /// 10,000 or more, which would take minutes per run there (issue 14's rows are 1,000 and 100).
    /// </summary>
    public bool Runs(Workloads.Variant variant) => Name != "azure" || variant.N < 10_000;

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
            case "azure":
                return await PrepareAzuriteAsync();
            case "testhost":
                return (new Backend(name, "none (InProcessTestHost: Durable Task Core's in-memory orchestration service)", () => new(), () => ValueTask.CompletedTask), null);
            default:
                return await PreparePostgresAsync(options);
        }
    }

    /// <summary>
    /// Issue 14's targets for the Azure Storage backend on Azurite (10x the Durable Task Framework's Azure Storage provider
    /// on the same emulator here): hello3 x1,000 at 60 orchestrations/s or more, 10 ms or less per sequential activity.
    /// </summary>
    public static Workloads.Target? AzureTarget(string workload, Workloads.Variant variant) => (workload, variant.N) switch
    {
        ("hello3", 1_000) => new("orch_per_s", 60, HigherIsBetter: true),
        ("sequential", 100) => new("ms_per_activity", 10, HigherIsBetter: false),
        _ => null,
    };

    private static async Task<(Backend?, string?)> PrepareAzuriteAsync()
    {
        var (server, reason) = await AzuriteServer.TryStartAsync();
        if (server is null)
        {
            return (null, reason);
        }

        var backend = new Backend(
            "azure",
            "Azurite (in-memory persistence: the emulator keeps nothing on disk); the store writes as on Azure: one entity-group transaction per round, conditional on the status row's ETag",
            () => new() { ["Storage:Kind"] = "AzureStorage", ["Storage:ConnectionString"] = server.ConnectionString },
            server.DisposeAsync)
        {
            ServerProcessId = server.ProcessId,
        };
        return (backend, null);
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
