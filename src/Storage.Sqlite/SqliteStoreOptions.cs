using Microsoft.Data.Sqlite;

namespace OrleansWorkflows.Storage.Sqlite;

/// <summary>Options of the SQLite workflow store and reminder table (one database file holds both).</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>A SQLite connection string (<c>Data Source=...</c>) or just the path of the database file.</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>
    /// <c>FULL</c> (default) syncs the write-ahead log on every commit, so a committed episode survives a power loss;
    /// <c>NORMAL</c> survives a process crash but may lose the last commits on power loss.
    /// </summary>
    public SqliteSynchronous Synchronous { get; set; } = SqliteSynchronous.Full;

    /// <summary>The most writes (episodes, inbox appends, reminder changes) committed in one transaction. Default 256.</summary>
    public int MaxWritesPerTransaction { get; set; } = 256;

    /// <summary>The full connection string: a bare path becomes <c>Data Source=path</c>.</summary>
    public string ResolveConnectionString() =>
        ConnectionString.Contains('=', StringComparison.Ordinal)
            ? ConnectionString
            : new SqliteConnectionStringBuilder { DataSource = ConnectionString }.ToString();

    /// <summary>Throws a clear error when an option is not usable.</summary>
    /// <exception cref="InvalidOperationException">An option is out of range.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            throw new InvalidOperationException("The SQLite workflow store needs a connection string or a database file path.");
        }

        try
        {
            var builder = new SqliteConnectionStringBuilder(ResolveConnectionString());
            if (string.IsNullOrWhiteSpace(builder.DataSource) || builder.Mode is SqliteOpenMode.Memory || builder.DataSource == ":memory:")
            {
                throw new InvalidOperationException("The SQLite workflow store needs a database file (not an in-memory database).");
            }
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException($"The SQLite connection string is not valid: {ex.Message}", ex);
        }

        if (MaxWritesPerTransaction is < 1 or > 10_000)
        {
            throw new InvalidOperationException("SqliteStoreOptions.MaxWritesPerTransaction must be between 1 and 10,000.");
        }
    }
}

/// <summary>SQLite's <c>synchronous</c> setting for the write-ahead log.</summary>
public enum SqliteSynchronous
{
    /// <summary>Sync the log on every commit: durable across power loss.</summary>
    Full = 0,

    /// <summary>Sync at checkpoints only: durable across process crashes, not power loss.</summary>
    Normal = 1,
}
