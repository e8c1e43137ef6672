using Microsoft.Data.Sqlite;

namespace OrleansWorkflows.Storage.Sqlite;

/// <summary>
/// One SQLite database file: opens connections with the store's settings, creates or upgrades the schema once
/// (<see cref="EnsureReady"/>), and owns the <see cref="SqliteWriter"/> that commits every write. Shared by the
/// workflow store and the reminder table of a silo.
/// </summary>
public sealed class SqliteDatabase : IDisposable
{
    private readonly string _connectionString;
    private readonly Lazy<SqliteWriter> _writer;

    /// <summary>Creates the database handle; nothing is opened until first use.</summary>
    /// <param name="options">Validated options.</param>
    public SqliteDatabase(SqliteStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        var builder = new SqliteConnectionStringBuilder(options.ResolveConnectionString())
        {
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        };
        _connectionString = builder.ToString();
        DataSource = builder.DataSource;
        _writer = new Lazy<SqliteWriter>(() => new SqliteWriter(OpenReady(), options.MaxWritesPerTransaction));
    }

    /// <summary>The database file.</summary>
    public string DataSource { get; }

    /// <summary>The options.</summary>
    public SqliteStoreOptions Options { get; }

    /// <summary>The single writer of this database in this process.</summary>
    internal SqliteWriter Writer => _writer.Value;

    /// <summary>
    /// Opens the file (creating its directory), switches it to WAL and applies pending migrations. Idempotent; throws an
    /// <see cref="InvalidOperationException"/> naming the file when it cannot be used.
    /// </summary>
    public void EnsureReady() => _ = Writer;

    /// <summary>Opens a pooled connection for reading.</summary>
    internal SqliteConnection OpenRead()
    {
        EnsureReady();
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_writer.IsValueCreated)
        {
            _writer.Value.Dispose();
        }

        SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
    }

    private SqliteConnection OpenReady()
    {
        SqliteConnection? connection = null;
        try
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(DataSource));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            connection = new SqliteConnection(_connectionString);
            connection.Open();
            var synchronous = Options.Synchronous == SqliteSynchronous.Full ? "FULL" : "NORMAL";
            Execute(connection, $"PRAGMA journal_mode = WAL; PRAGMA synchronous = {synchronous}; PRAGMA busy_timeout = 30000;");
            SqliteMigrations.Apply(connection);
            return connection;
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            connection?.Dispose();
            throw new InvalidOperationException(
                $"Cannot use the SQLite workflow database '{Path.GetFullPath(DataSource)}': {ex.Message} " +
                "Check that the path names a writable file (Storage:ConnectionString).", ex);
        }
        catch
        {
            connection?.Dispose();
            throw;
        }
    }

    internal static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }
}
