using Microsoft.Extensions.Configuration;

namespace OrleansWorkflows.Hosting;

/// <summary>
/// The storage a host uses, read from configuration: <c>Storage:Kind</c> (Memory, Sqlite, PostgreSql, AzureStorage;
/// default Sqlite) and <c>Storage:ConnectionString</c> (for Sqlite a file path or connection string, default
/// <see cref="DefaultSqlitePath"/>; required for PostgreSql and AzureStorage).
/// </summary>
/// <param name="Kind">The backend.</param>
/// <param name="ConnectionString">The connection string or file path; empty for Memory.</param>
/// <param name="MaxPoolSize">PostgreSQL: the most connections of this process (<c>Storage:MaxPoolSize</c>, default 20).</param>
public sealed record StorageSettings(StorageKind Kind, string ConnectionString, int MaxPoolSize = 20)
{
    /// <summary>The SQLite file used when none is configured, relative to the working directory.</summary>
    public const string DefaultSqlitePath = "./data/orleansworkflows.db";

    /// <summary>Whether the kind keeps cluster membership, so silos and clients of many hosts find each other through it.</summary>
    public bool IsClustered => Kind is StorageKind.PostgreSql or StorageKind.AzureStorage;

    /// <summary>Reads and checks the settings; throws a clear <see cref="InvalidOperationException"/> when they are unusable.</summary>
    /// <param name="configuration">The host's configuration.</param>
    public static StorageSettings FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var kindText = configuration["Storage:Kind"];
        var kind = StorageKind.Sqlite;
        if (!string.IsNullOrWhiteSpace(kindText)
            && (!Enum.TryParse(kindText.Trim(), ignoreCase: true, out kind) || !Enum.IsDefined(kind) || int.TryParse(kindText, out _)))
        {
            throw new InvalidOperationException($"Storage:Kind '{kindText}' is not one of {string.Join(", ", Enum.GetNames<StorageKind>())}.");
        }

        var connection = configuration["Storage:ConnectionString"]?.Trim() ?? string.Empty;
        switch (kind)
        {
            case StorageKind.Sqlite when connection.Length == 0:
                connection = DefaultSqlitePath;
                break;
            case StorageKind.PostgreSql when connection.Length == 0:
                throw new InvalidOperationException(
                    "Storage:Kind is PostgreSql but Storage:ConnectionString is empty (e.g. Host=127.0.0.1;Port=5432;Username=...;Database=...).");
            case StorageKind.AzureStorage when connection.Length == 0:
                throw new InvalidOperationException(
                    "Storage:Kind is AzureStorage but Storage:ConnectionString is empty (e.g. UseDevelopmentStorage=true for Azurite, or the account's connection string).");
        }

        var pool = configuration.GetValue("Storage:MaxPoolSize", 20);
        if (pool is < 1 or > 1000)
        {
            throw new InvalidOperationException($"Storage:MaxPoolSize {pool} is not between 1 and 1000.");
        }

        return new StorageSettings(kind, connection, pool);
    }
}
