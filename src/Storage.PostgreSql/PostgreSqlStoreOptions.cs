using Npgsql;

namespace OrleansWorkflows.Storage.PostgreSql;

/// <summary>Options of the PostgreSQL backend (workflow store, reminders, membership: one database).</summary>
public sealed class PostgreSqlStoreOptions
{
    /// <summary>The Npgsql connection string (<c>Host=...;Port=...;Username=...;Database=...</c>).</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>
    /// The most connections this process opens (unless the connection string sets <c>Maximum Pool Size</c>). Keep the sum
    /// over all silos and gateways below the server's <c>max_connections</c>. Default 20.
    /// </summary>
    public int MaxPoolSize { get; set; } = 20;

    /// <summary>
    /// How many group-commit transactions of episode commits and inbox appends may run at once (each holds one
    /// connection while it runs). Default 2: one batch is being applied while the next one fills.
    /// </summary>
    public int WriterConcurrency { get; set; } = 2;

    /// <summary>The most writes (episode commits and inbox appends) applied in one transaction. Default 256.</summary>
    public int MaxWritesPerBatch { get; set; } = 256;

    /// <summary>Throws a clear error naming every option that is not usable.</summary>
    /// <exception cref="InvalidOperationException">An option is out of range.</exception>
    public void Validate()
    {
        if (Problems() is { Count: > 0 } problems)
        {
            throw new InvalidOperationException(string.Join(" ", problems));
        }
    }

    /// <summary>Every option that is not usable, each with what is allowed; empty when all are (see <see cref="PostgreSqlStoreOptionsValidator"/>).</summary>
    /// <returns>One message per problem.</returns>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            problems.Add("The PostgreSQL workflow store needs a connection string (Storage:ConnectionString).");
        }
        else
        {
            try
            {
                var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
                if (string.IsNullOrWhiteSpace(builder.Host))
                {
                    problems.Add("The PostgreSQL connection string names no Host.");
                }
            }
            catch (ArgumentException ex)
            {
                problems.Add($"The PostgreSQL connection string is not valid: {ex.Message}");
            }
        }

        if (MaxPoolSize is < 1 or > 1000)
        {
            problems.Add($"PostgreSqlStoreOptions.MaxPoolSize is {MaxPoolSize}; allowed: 1 to 1,000.");
        }

        if (WriterConcurrency < 1 || WriterConcurrency > MaxPoolSize)
        {
            problems.Add($"PostgreSqlStoreOptions.WriterConcurrency is {WriterConcurrency}; allowed: 1 to MaxPoolSize ({MaxPoolSize}).");
        }

        if (MaxWritesPerBatch is < 1 or > 10_000)
        {
            problems.Add($"PostgreSqlStoreOptions.MaxWritesPerBatch is {MaxWritesPerBatch}; allowed: 1 to 10,000.");
        }

        return problems;
    }

    /// <summary>The connection string with the pool cap applied.</summary>
    public string ResolveConnectionString()
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
        if (!ConnectionString.Contains("Maximum Pool Size", StringComparison.OrdinalIgnoreCase)
            && !ConnectionString.Contains("MaxPoolSize", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxPoolSize = MaxPoolSize;
        }

        return builder.ConnectionString;
    }
}
