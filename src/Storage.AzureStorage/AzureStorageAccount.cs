using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace OrleansWorkflows.Storage.AzureStorage;

/// <summary>
/// The storage account of the workflow store: the instances table (one partition per instance), the index table
/// (query and wake rows, <see cref="AzureStorageOptions.IndexShards"/> partitions) and the payload container. Created
/// when missing by <see cref="EnsureReadyAsync"/>.
/// </summary>
public sealed class AzureStorageAccount
{
    private readonly OnceGate _ready = new();

    /// <summary>Connects to the account of <paramref name="options"/> (nothing is sent before the first call).</summary>
    /// <param name="options">The options.</param>
    public AzureStorageAccount(AzureStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        var tables = options.TableServiceClient ?? new TableServiceClient(options.ConnectionString);
        var blobs = options.BlobServiceClient ?? new BlobServiceClient(options.ConnectionString);
        Instances = tables.GetTableClient(options.Prefix + "instances");
        Index = (options.IndexTableServiceClient ?? tables).GetTableClient(options.Prefix + "index");
        Payloads = blobs.GetBlobContainerClient(options.Prefix.ToLowerInvariant() + "-payloads");
    }

    /// <summary>The options.</summary>
    public AzureStorageOptions Options { get; }

    /// <summary>
    /// Whether the instances table may hold status rows an older build wrote under the shared key <c>s</c>: true unless
    /// this build created the table (it then writes <see cref="FormatRow"/>) or finds that row. Such rows are read when an
    /// instance's own status key finds nothing, which costs a second read for every new instance.
    /// </summary>
    internal bool MayHoldLegacyStatusRows { get; private set; } = true;

    /// <summary>The row saying that every status row of the instances table has a key of its own (partition <c>!meta</c>,
    /// which no escaped instance id is).</summary>
    internal static TableEntity FormatRow => new("!meta", "format") { ["StatusRows"] = "own-keys" };

    internal TableClient Instances { get; }

    internal TableClient Index { get; }

    internal BlobContainerClient Payloads { get; }

    /// <summary>
    /// Creates the tables and the container when missing (once per process); an unreachable account fails with an
    /// error naming the endpoint.
    /// </summary>
    /// <param name="cancellationToken">Cancels the calls.</param>
    public async Task EnsureReadyAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await _ready.RunAsync(
                async ct =>
                {
                    var instances = Instances.CreateIfNotExistsAsync(ct);
                    await Task.WhenAll(instances, Index.CreateIfNotExistsAsync(ct), Payloads.CreateIfNotExistsAsync(cancellationToken: ct));
                    MayHoldLegacyStatusRows = !await IsOwnKeyFormatAsync((await instances).GetRawResponse().Status != 409, ct);
                },
                cancellationToken);
        }
        catch (Exception ex) when (ex is RequestFailedException or HttpRequestException or AggregateException)
        {
            throw new InvalidOperationException(
                $"The Azure Storage account at {Instances.Uri.GetLeftPart(UriPartial.Authority)} (tables '{Instances.Name}', '{Index.Name}', container '{Payloads.Name}') is not usable: {ex.Message}",
                ex);
        }
    }

    /// <summary>
    /// Whether every status row of the instances table has a key of its own: the table was just created here (the format
    /// row is then written), or the format row is there. A table an older build created has no such row, and keeps being
    /// read as one that may hold shared-key status rows.
    /// </summary>
    private async Task<bool> IsOwnKeyFormatAsync(bool created, CancellationToken cancellationToken)
    {
        var format = FormatRow;
        if (created)
        {
            await Instances.UpsertEntityAsync(format, TableUpdateMode.Replace, cancellationToken);
            return true;
        }

        var stored = await Instances.GetEntityIfExistsAsync<TableEntity>(format.PartitionKey, format.RowKey, cancellationToken: cancellationToken);
        return stored.HasValue && stored.Value?.GetString("StatusRows") == "own-keys";
    }

    /// <summary>Deletes the tables and the container of this store (tests, throwaway accounts).</summary>
    /// <param name="cancellationToken">Cancels the calls.</param>
    public async Task DeleteAsync(CancellationToken cancellationToken = default)
    {
        await Task.WhenAll(
            Instances.DeleteAsync(cancellationToken),
            Index.DeleteAsync(cancellationToken),
            Payloads.DeleteIfExistsAsync(cancellationToken: cancellationToken));
        _ready.Reset();
    }
}
