using Microsoft.Extensions.Configuration;

namespace OrleansWorkflows.Hosting;

/// <summary>
/// The storage a host uses, read from configuration: <c>Storage:Kind</c> (Memory, Sqlite, PostgreSql; default Sqlite)
/// and <c>Storage:ConnectionString</c> (for Sqlite a file path or connection string, default
/// <see cref="DefaultSqlitePath"/>; required for PostgreSql).
/// </summary>
/// <param name="Kind">The backend.</param>
/// <param name="ConnectionString">The connection string or file path; empty for Memory.</param>
public sealed record StorageSettings(StorageKind Kind, string ConnectionString)
{
    /// <summary>The SQLite file used when none is configured, relative to the working directory.</summary>
    public const string DefaultSqlitePath = "./data/orleansworkflows.db";

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
        }

        return new StorageSettings(kind, connection);
    }
}
