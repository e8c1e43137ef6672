using Npgsql;

namespace OrleansWorkflows.Storage.PostgreSql;

/// <summary>
/// One PostgreSQL database for a process: a capped connection pool (<see cref="NpgsqlDataSource"/>) and the schema,
/// created or upgraded once per process by <see cref="EnsureReadyAsync"/> under an advisory lock. Shared by the store,
/// the reminder table and the membership table.
/// </summary>
public sealed class PostgreSqlDatabase : IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly OnceGate _ready = new();

    /// <summary>Creates the pool; nothing is opened until first use.</summary>
    /// <param name="options">The options (validated here).</param>
    public PostgreSqlDatabase(PostgreSqlStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        var builder = new NpgsqlConnectionStringBuilder(options.ResolveConnectionString());
        Description = $"Host={builder.Host};Port={builder.Port};Database={builder.Database}";
        if (builder.MaxAutoPrepare == 0)
        {
            // The store runs the same few statements all the time: prepared once per connection, the server skips
            // parsing and planning them (unless the connection string chooses otherwise).
            builder.MaxAutoPrepare = 64;
        }

        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
    }

    /// <summary>The options this database was created with.</summary>
    public PostgreSqlStoreOptions Options { get; }

    /// <summary>Where the database is (no credentials), for error messages.</summary>
    public string Description { get; }

    /// <summary>Applies pending migrations once; throws an <see cref="InvalidOperationException"/> naming the server when unreachable.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public async Task EnsureReadyAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await _ready.RunAsync(
                async ct =>
                {
                    await using var connection = await OpenCoreAsync(ct);
                    await PostgreSqlMigrations.ApplyAsync(connection, ct);
                },
                cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            throw new InvalidOperationException($"Cannot use the PostgreSQL workflow database ({Description}): {ex.Message}", ex);
        }
    }

    /// <summary>Opens a pooled connection (after the schema is ready).</summary>
    internal async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        await EnsureReadyAsync(cancellationToken);
        return await OpenCoreAsync(cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _ready.Dispose();
        return _dataSource.DisposeAsync();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _ready.Dispose();
        _dataSource.Dispose();
    }

    private async Task<NpgsqlConnection> OpenCoreAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);
}
