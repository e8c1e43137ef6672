using System.Globalization;
using Azure.Data.Tables;
using Npgsql;

namespace OrleansWorkflows.ProcessTests;

/// <summary>
/// Where a <see cref="ProcessCluster"/> keeps store, reminders and membership: the configuration every process gets
/// (<c>Storage:*</c>), what silos get in addition, and how to count the active silos in the membership table.
/// </summary>
internal sealed record ClusterBackend(string[] Arguments, string[] SiloArguments, Func<string, Task<long>> ActiveSilosAsync)
{
    /// <summary>A PostgreSQL silo's pool cap.</summary>
    public const int SiloPoolSize = 16;

    /// <summary>One schema of a PostgreSQL server (<c>ow_membership</c>, status 3 = Active).</summary>
    public static ClusterBackend PostgreSql(string connectionString) => new(
        ["--Storage:Kind=PostgreSql", $"--Storage:ConnectionString={connectionString}"],
        [string.Create(CultureInfo.InvariantCulture, $"--Storage:MaxPoolSize={SiloPoolSize}")],
        async clusterId =>
        {
            await using var connection = new NpgsqlConnection(connectionString + ";Pooling=false");
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT count(*) FROM ow_membership WHERE cluster_id = @c AND status = 3", connection);
            command.Parameters.AddWithValue("c", clusterId);
            return (long)(await command.ExecuteScalarAsync())!;
        });

    /// <summary>An Azure Storage account (Orleans' membership table <c>OrleansSiloInstances</c>, one partition per cluster).</summary>
    public static ClusterBackend AzureStorage(string connectionString) => new(
        ["--Storage:Kind=AzureStorage", $"--Storage:ConnectionString={connectionString}"],
        [],
        async clusterId =>
        {
            var table = new TableServiceClient(connectionString).GetTableClient("OrleansSiloInstances");
            var active = 0L;
            await foreach (var _ in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {clusterId} and Status eq {"Active"}")))
            {
                active++;
            }

            return active;
        });
}
