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

    /// <summary>Throws a clear error naming every option that is not usable.</summary>
    /// <exception cref="InvalidOperationException">An option is out of range.</exception>
    public void Validate()
    {
        if (Problems() is { Count: > 0 } problems)
        {
            throw new InvalidOperationException(string.Join(" ", problems));
        }
    }

    /// <summary>Every option that is not usable, each with what is allowed; empty when all are (see <see cref="SqliteStoreOptionsValidator"/>).</summary>
    /// <returns>One message per problem.</returns>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            problems.Add("The SQLite workflow store needs a connection string or a database file path.");
        }
        else
        {
            try
            {
                var builder = new SqliteConnectionStringBuilder(ResolveConnectionString());
                if (string.IsNullOrWhiteSpace(builder.DataSource) || builder.Mode is SqliteOpenMode.Memory || builder.DataSource == ":memory:")
                {
                    problems.Add("The SQLite workflow store needs a database file (not an in-memory database).");
                }
            }
            catch (ArgumentException ex)
            {
                problems.Add($"The SQLite connection string is not valid: {ex.Message}");
            }
        }

        if (!Enum.IsDefined(Synchronous))
        {
            problems.Add($"SqliteStoreOptions.Synchronous is {(int)Synchronous}; allowed: Full or Normal.");
        }

        if (MaxWritesPerTransaction is < 1 or > 10_000)
        {
            problems.Add($"SqliteStoreOptions.MaxWritesPerTransaction is {MaxWritesPerTransaction}; allowed: 1 to 10,000.");
        }

        return problems;
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
