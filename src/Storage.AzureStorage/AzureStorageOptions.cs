using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace OrleansWorkflows.Storage.AzureStorage;

/// <summary>
/// Options of the Azure Storage workflow store: the storage account (a connection string, or clients of your own, e.g.
/// with a token credential) and the names of its two tables and its blob container.
/// </summary>
public sealed class AzureStorageOptions
{
    /// <summary>The storage account's connection string (<c>UseDevelopmentStorage=true</c> for Azurite on its default ports).
    /// Not needed when <see cref="TableServiceClient"/> and <see cref="BlobServiceClient"/> are set.</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>The Table service client to use instead of one made from <see cref="ConnectionString"/>.</summary>
    public TableServiceClient? TableServiceClient { get; set; }

    /// <summary>The Blob service client to use instead of one made from <see cref="ConnectionString"/>.</summary>
    public BlobServiceClient? BlobServiceClient { get; set; }

    /// <summary>The Table service client of the index table only (tests: to observe or hold the index writes); default the other one.</summary>
    internal TableServiceClient? IndexTableServiceClient { get; set; }

    /// <summary>
    /// The start of the table and container names: tables <c>{Prefix}instances</c> and <c>{Prefix}index</c>, blob
    /// container <c>{prefix}-payloads</c> (lower case). 1 to 20 letters or digits, starting with a letter. Default <c>ow</c>.
    /// </summary>
    public string Prefix { get; set; } = "ow";

    /// <summary>The number of partitions of the index table (query and wake index), 1 to 64. Default 8. Fixed once data is written.</summary>
    public int IndexShards { get; set; } = 8;

    /// <summary>
    /// How long after a commit the index repairs itself if the process died between the commit and its index update (the
    /// recovery sweep finds the repair entry then). Default one minute.
    /// </summary>
    public TimeSpan IndexRepairDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How old a payload blob no row refers to must be before it is deleted (a process that died between writing a
    /// transaction's blobs and the transaction leaves such blobs). The recovery sweep looks for them at most once per this
    /// period per process. Default one hour; more than the longest time a transaction can take after its blobs.
    /// </summary>
    public TimeSpan OrphanBlobAge { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Throws a clear error naming every option that is not usable.</summary>
    /// <exception cref="InvalidOperationException">An option is not usable.</exception>
    public void Validate()
    {
        if (Problems() is { Count: > 0 } problems)
        {
            throw new InvalidOperationException(string.Join(" ", problems));
        }
    }

    /// <summary>Every option that is not usable, each with what is allowed; empty when all are.</summary>
    /// <returns>One message per problem.</returns>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(ConnectionString) && (TableServiceClient is null || BlobServiceClient is null))
        {
            problems.Add("The Azure Storage workflow store needs a connection string (Storage:ConnectionString) or both a TableServiceClient and a BlobServiceClient.");
        }

        if (Prefix is not { Length: >= 1 and <= 20 } || !char.IsAsciiLetter(Prefix[0]) || !Prefix.All(char.IsAsciiLetterOrDigit))
        {
            problems.Add($"AzureStorageOptions.Prefix is '{Prefix}'; allowed: 1 to 20 ASCII letters or digits, starting with a letter.");
        }

        if (IndexShards is < 1 or > 64)
        {
            problems.Add($"AzureStorageOptions.IndexShards is {IndexShards}; allowed: 1 to 64.");
        }

        if (IndexRepairDelay <= TimeSpan.Zero || IndexRepairDelay > TimeSpan.FromDays(1))
        {
            problems.Add($"AzureStorageOptions.IndexRepairDelay is {IndexRepairDelay}; allowed: more than zero, at most one day.");
        }

        if (OrphanBlobAge < TimeSpan.FromMinutes(1) || OrphanBlobAge > TimeSpan.FromDays(7))
        {
            problems.Add($"AzureStorageOptions.OrphanBlobAge is {OrphanBlobAge}; allowed: one minute to seven days.");
        }

        return problems;
    }
}
