namespace OrleansWorkflows.Storage.AzureStorage;

/// <summary>
/// The limits of Azure Tables, enforced here because Azurite does not enforce them all: 100 operations and 4 MiB per
/// entity-group transaction, 64 KiB per property, 1 MiB per entity (of which the service counts UTF-16 strings at two
/// bytes a character), 252 properties. The store keeps well inside them: a string longer than
/// <see cref="MaxInlineChars"/> goes to a blob, and a transaction's estimated request size stays under
/// <see cref="MaxBatchBytes"/>.
/// </summary>
internal static class AzureLimits
{
    /// <summary>The most operations in one entity-group transaction.</summary>
    public const int MaxBatchOperations = 100;

    /// <summary>The request size a transaction is kept under (the service's limit is 4 MiB; this leaves room for headers).</summary>
    public const long MaxBatchBytes = 3_500_000;

    /// <summary>The longest string kept in a property (64 KiB is 32,768 UTF-16 characters).</summary>
    public const int MaxInlineChars = 30_000;

    /// <summary>The largest entity the service stores (1 MiB).</summary>
    public const long MaxEntityBytes = 1024 * 1024;

    /// <summary>A transaction operation's own size in the request (boundary, headers, URL), estimated generously.</summary>
    public const int OperationOverheadBytes = 1024;

    /// <summary>
    /// The most bytes <paramref name="value"/> takes in a request body: JSON written with the default encoder escapes
    /// quotes, non-ASCII and HTML-sensitive characters as <c>\uXXXX</c> (six bytes).
    /// </summary>
    /// <param name="value">The string.</param>
    public static long WireBytes(string? value)
    {
        if (value is null)
        {
            return 0;
        }

        long bytes = 2;
        foreach (var c in value)
        {
            bytes += char.IsAsciiLetterOrDigit(c) || c is ' ' or '-' or '_' or '.' or ',' or ':' or '{' or '}' or '[' or ']' ? 1 : 6;
        }

        return bytes;
    }

    /// <summary>The size the service counts for an entity (strings at two bytes a character, numbers at eight).</summary>
    /// <param name="entity">The entity.</param>
    public static long EntityBytes(Azure.Data.Tables.TableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        long bytes = 4 + (2 * (entity.PartitionKey.Length + entity.RowKey.Length));
        foreach (var (name, value) in entity)
        {
            bytes += 8 + (2 * name.Length) + value switch
            {
                string s => 4 + (2 * s.Length),
                _ => 8,
            };
        }

        return bytes;
    }

    /// <summary>The most bytes an entity takes in a transaction's request.</summary>
    /// <param name="entity">The entity.</param>
    public static long EntityWireBytes(Azure.Data.Tables.TableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        long bytes = OperationOverheadBytes + WireBytes(entity.PartitionKey) + WireBytes(entity.RowKey);
        foreach (var (name, value) in entity)
        {
            bytes += 40 + (2 * name.Length) + (value is string s ? WireBytes(s) : 24);
        }

        return bytes;
    }

    /// <summary>Throws when <paramref name="entity"/> breaks a limit the store's own layout should never reach.</summary>
    /// <param name="entity">The entity.</param>
    /// <exception cref="InvalidOperationException">The entity is too large or has too many properties.</exception>
    public static void CheckEntity(Azure.Data.Tables.TableEntity entity)
    {
        var bytes = EntityBytes(entity);
        if (bytes > MaxEntityBytes || entity.Count > 252)
        {
            throw new InvalidOperationException($"Row '{entity.RowKey}' of partition '{entity.PartitionKey}' would be {bytes} bytes in {entity.Count} properties; Azure Tables allows 1 MiB and 252.");
        }

        foreach (var (name, value) in entity)
        {
            if (value is string { Length: > 32_000 } s)
            {
                throw new InvalidOperationException($"Property '{name}' of row '{entity.RowKey}' has {s.Length} characters; Azure Tables allows 64 KiB.");
            }
        }
    }
}
