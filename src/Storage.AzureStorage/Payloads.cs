using System.Text;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace OrleansWorkflows.Storage.AzureStorage;

/// <summary>A blob to write before the transaction whose rows refer to it.</summary>
/// <param name="Name">The blob name.</param>
/// <param name="Content">The text.</param>
internal sealed record PendingBlob(string Name, string Content);

/// <summary>
/// Strings of rows, kept in the row when short (<see cref="AzureLimits.MaxInlineChars"/>) and otherwise in a blob of the
/// payload container that the row names (<c>{name}Blob</c>, with the content's hash in <c>{name}Hash</c> so that an
/// unchanged payload keeps its blob). Blobs are named <c>{instance hash}/{incarnation}/{random}</c>, so a purge deletes
/// an instance's blobs by prefix. Reads follow the reference transparently.
/// </summary>
internal sealed class Payloads(BlobContainerClient container)
{
    /// <summary>The container.</summary>
    public BlobContainerClient Container => container;

    /// <summary>The blob name prefix of an instance incarnation.</summary>
    public static string Prefix(string instanceHash, string incarnation) => $"{instanceHash}/{incarnation}/";

    /// <summary>
    /// Puts <paramref name="value"/> into property <paramref name="name"/> of <paramref name="entity"/>, or into a new blob
    /// (added to <paramref name="uploads"/>) when it is long or <paramref name="toBlob"/>; an unchanged payload of
    /// <paramref name="previous"/> keeps its blob. Returns the blob the row refers to, if any.
    /// </summary>
    public static string? Put(TableEntity entity, string name, string? value, string blobPrefix, List<PendingBlob> uploads, TableEntity? previous = null, bool toBlob = false)
    {
        entity.Remove(name);
        entity.Remove(name + "Blob");
        entity.Remove(name + "Hash");
        if (value is null)
        {
            return null;
        }

        if (value.Length <= AzureLimits.MaxInlineChars && !toBlob)
        {
            entity[name] = value;
            return null;
        }

        var hash = AzureKeys.Hash(value);
        var blob = previous is not null && previous.GetString(name + "Hash") == hash ? previous.GetString(name + "Blob") : null;
        if (blob is null)
        {
            blob = blobPrefix + Guid.NewGuid().ToString("N");
            uploads.Add(new PendingBlob(blob, value));
        }

        entity[name + "Blob"] = blob;
        entity[name + "Hash"] = hash;
        return blob;
    }

    /// <summary>Whether property <paramref name="name"/> of <paramref name="entity"/> is kept in a blob.</summary>
    public static bool IsInBlob(TableEntity entity, string name) => entity.GetString(name + "Blob") is not null;

    /// <summary>The blob property <paramref name="name"/> of <paramref name="entity"/> refers to, if any.</summary>
    public static string? BlobOf(TableEntity entity, string name) => entity.GetString(name + "Blob");

    /// <summary>Reads property <paramref name="name"/> of <paramref name="entity"/>, from its blob when it has one.</summary>
    public async Task<string?> GetAsync(TableEntity entity, string name, CancellationToken cancellationToken)
    {
        if (entity.GetString(name) is { } inline)
        {
            return inline;
        }

        if (entity.GetString(name + "Blob") is not { } blob)
        {
            return null;
        }

        var content = await container.GetBlobClient(blob).DownloadContentAsync(cancellationToken);
        return content.Value.Content.ToString();
    }

    /// <summary>The metadata entry naming the instance partition of a blob (base64 of its UTF-8), so that a blob no row refers
    /// to can be traced to its instance (<see cref="AzureWorkflowStore"/>: orphan blobs).</summary>
    public const string PartitionMetadata = "pk";

    /// <summary>Writes the blobs a transaction's rows refer to (before the transaction), naming the instance partition in their metadata.</summary>
    public Task UploadAsync(IReadOnlyCollection<PendingBlob> uploads, string partition, CancellationToken cancellationToken)
    {
        var metadata = new Dictionary<string, string> { [PartitionMetadata] = Convert.ToBase64String(Encoding.UTF8.GetBytes(partition)) };
        return Task.WhenAll(uploads.Select(u => container.GetBlobClient(u.Name).UploadAsync(BinaryData.FromString(u.Content), new BlobUploadOptions { Metadata = metadata }, cancellationToken)));
    }

    /// <summary>The instance partition <paramref name="metadata"/> names, or <c>null</c> (a blob written before blobs named it).</summary>
    public static string? PartitionOf(IDictionary<string, string>? metadata)
    {
        if (metadata is null || !metadata.TryGetValue(PartitionMetadata, out var encoded))
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Deletes blobs no row refers to any more; best effort (a failure leaves garbage, never loses data).</summary>
    public async Task DeleteQuietlyAsync(IEnumerable<string> blobs)
    {
        try
        {
            await Task.WhenAll(blobs.Distinct(StringComparer.Ordinal).Select(b => container.DeleteBlobIfExistsAsync(b)));
        }
        catch (RequestFailedException)
        {
            // Garbage is collected again when the instance is purged (by prefix).
        }
    }

    /// <summary>Deletes every blob under <paramref name="prefix"/> (an instance incarnation's), best effort.</summary>
    public async Task DeletePrefixQuietlyAsync(string prefix)
    {
        try
        {
            var names = new List<string>();
            await foreach (var item in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, CancellationToken.None))
            {
                names.Add(item.Name);
            }

            await DeleteQuietlyAsync(names);
        }
        catch (RequestFailedException)
        {
            // Left as garbage; nothing refers to it.
        }
    }
}
