using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace OrleansWorkflows.UpgradeTests;

/// <summary>
/// The content of an Azure Storage account as a fixture file (<c>azurestorage/store.json</c>): every table but the
/// membership table, with every entity and the type of every property, and every blob container with its blobs
/// (content and metadata). The generator reads it from the Azurite its silo wrote to; the upgrade test writes it into a
/// fresh Azurite. Azurite has no export of its own that keeps the property types (its in-memory persistence lives and dies
/// with its process), and the tables' system properties (<c>Timestamp</c>, ETags) are the service's, not the store's.
/// </summary>
/// <param name="Tables">The tables, by name.</param>
/// <param name="Containers">The blob containers, by name.</param>
public sealed record AzureAccountExport(IReadOnlyList<ExportedTable> Tables, IReadOnlyList<ExportedContainer> Containers)
{
    /// <summary>
    /// Orleans' membership table (<c>UseAzureStorageClustering</c>'s default name): not exported, as on the other backends
    /// the silo starts a fresh cluster instead of waiting for the killed silo to be declared dead.
    /// </summary>
    public const string MembershipTable = "OrleansSiloInstances";

    /// <summary>Orleans' reminder table (<c>UseAzureTableReminderService</c>'s default name).</summary>
    public const string ReminderTable = "OrleansReminders";

    /// <summary>Indented camelCase JSON escaping only what JSON requires, so stored JSON payloads stay readable in the file.</summary>
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Reads every table (but <see cref="MembershipTable"/>) and every container of the account.</summary>
    /// <param name="connectionString">The account's connection string.</param>
    public static async Task<AzureAccountExport> ReadAsync(string connectionString)
    {
        var tableService = new TableServiceClient(connectionString);
        var tables = new List<ExportedTable>();
        await foreach (var table in tableService.QueryAsync())
        {
            if (table.Name == MembershipTable)
            {
                continue;
            }

            var entities = new List<ExportedEntity>();
            await foreach (var entity in tableService.GetTableClient(table.Name).QueryAsync<TableEntity>())
            {
                entities.Add(ExportedEntity.From(entity));
            }

            entities.Sort((x, y) => string.CompareOrdinal(x.PartitionKey, y.PartitionKey) is var c and not 0 ? c : string.CompareOrdinal(x.RowKey, y.RowKey));
            tables.Add(new ExportedTable(table.Name, entities));
        }

        var blobService = new BlobServiceClient(connectionString);
        var containers = new List<ExportedContainer>();
        await foreach (var container in blobService.GetBlobContainersAsync())
        {
            var client = blobService.GetBlobContainerClient(container.Name);
            var blobs = new List<ExportedBlob>();
            await foreach (var item in client.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, prefix: null, CancellationToken.None))
            {
                var content = (await client.GetBlobClient(item.Name).DownloadContentAsync()).Value.Content.ToArray();
                blobs.Add(ExportedBlob.From(item.Name, content, item.Metadata));
            }

            blobs.Sort((x, y) => string.CompareOrdinal(x.Name, y.Name));
            containers.Add(new ExportedContainer(container.Name, blobs));
        }

        tables.Sort((x, y) => string.CompareOrdinal(x.Name, y.Name));
        containers.Sort((x, y) => string.CompareOrdinal(x.Name, y.Name));
        return new AzureAccountExport(tables, containers);
    }

    /// <summary>Creates every table and container in the account and writes every entity (with its property types) and blob.</summary>
    /// <param name="connectionString">The account's connection string (a fresh account: nothing of the export may exist).</param>
    public async Task WriteAsync(string connectionString)
    {
        var tableService = new TableServiceClient(connectionString);
        foreach (var table in Tables)
        {
            await tableService.CreateTableAsync(table.Name);
            var client = tableService.GetTableClient(table.Name);
            foreach (var entity in table.Entities)
            {
                await client.AddEntityAsync(entity.ToEntity());
            }
        }

        var blobService = new BlobServiceClient(connectionString);
        foreach (var container in Containers)
        {
            var client = (await blobService.CreateBlobContainerAsync(container.Name)).Value;
            foreach (var blob in container.Blobs)
            {
                await client.GetBlobClient(blob.Name).UploadAsync(new BinaryData(blob.Content()), new BlobUploadOptions { Metadata = blob.Metadata.ToDictionary() });
            }
        }
    }

    /// <summary>The table named <paramref name="name"/>, or <c>null</c>.</summary>
    /// <param name="name">The table name.</param>
    public ExportedTable? Table(string name) => Tables.FirstOrDefault(t => t.Name == name);

    /// <summary>Reads an export file.</summary>
    /// <param name="path">The file.</param>
    public static AzureAccountExport Load(string path) =>
        JsonSerializer.Deserialize<AzureAccountExport>(File.ReadAllText(path), Json) ?? throw new InvalidDataException($"{path} is empty.");

    /// <summary>Writes the export to <paramref name="path"/> (indented JSON).</summary>
    /// <param name="path">The file.</param>
    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Json) + "\n");
}

/// <summary>A table of an <see cref="AzureAccountExport"/>.</summary>
/// <param name="Name">The table name.</param>
/// <param name="Entities">Its entities, ordered by partition and row key.</param>
public sealed record ExportedTable(string Name, IReadOnlyList<ExportedEntity> Entities);

/// <summary>An entity: its keys and every property but the system ones, each with its EDM type.</summary>
/// <param name="PartitionKey">The partition key.</param>
/// <param name="RowKey">The row key.</param>
/// <param name="Properties">The properties, by name.</param>
public sealed record ExportedEntity(string PartitionKey, string RowKey, IReadOnlyList<ExportedProperty> Properties)
{
    private static readonly HashSet<string> SystemProperties = ["PartitionKey", "RowKey", "Timestamp", "odata.etag"];

    /// <summary>The entity as read from the service.</summary>
    /// <param name="entity">The entity.</param>
    public static ExportedEntity From(TableEntity entity)
    {
        var properties = entity
            .Where(p => !SystemProperties.Contains(p.Key) && !p.Key.Contains("@odata", StringComparison.Ordinal))
            .Select(p => ExportedProperty.From(p.Key, p.Value))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ToList();
        return new ExportedEntity(entity.PartitionKey, entity.RowKey, properties);
    }

    /// <summary>The entity to write, each property with its type.</summary>
    public TableEntity ToEntity()
    {
        var entity = new TableEntity(PartitionKey, RowKey);
        foreach (var property in Properties)
        {
            entity[property.Name] = property.ToValue();
        }

        return entity;
    }
}

/// <summary>A property: its EDM type and its value as invariant text (base64 for binary, round-trip format for times and doubles).</summary>
/// <param name="Name">The property name.</param>
/// <param name="Type">The EDM type: <c>Edm.String</c>, <c>Edm.Int32</c>, <c>Edm.Int64</c>, <c>Edm.Double</c>, <c>Edm.Boolean</c>,
/// <c>Edm.DateTime</c>, <c>Edm.Guid</c> or <c>Edm.Binary</c>.</param>
/// <param name="Value">The value as text.</param>
public sealed record ExportedProperty(string Name, string Type, string Value)
{
    /// <summary>A property value as the table SDK read it.</summary>
    /// <param name="name">The property name.</param>
    /// <param name="value">The value.</param>
    public static ExportedProperty From(string name, object? value) => value switch
    {
        string s => new(name, "Edm.String", s),
        int i => new(name, "Edm.Int32", i.ToString(CultureInfo.InvariantCulture)),
        long l => new(name, "Edm.Int64", l.ToString(CultureInfo.InvariantCulture)),
        double d => new(name, "Edm.Double", d.ToString("R", CultureInfo.InvariantCulture)),
        bool b => new(name, "Edm.Boolean", b ? "true" : "false"),
        DateTimeOffset t => new(name, "Edm.DateTime", t.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)),
        DateTime t => new(name, "Edm.DateTime", t.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)),
        Guid g => new(name, "Edm.Guid", g.ToString("D")),
        byte[] bytes => new(name, "Edm.Binary", Convert.ToBase64String(bytes)),
        BinaryData data => new(name, "Edm.Binary", Convert.ToBase64String(data.ToArray())),
        _ => throw new InvalidDataException($"Property '{name}' has a value of type {value?.GetType().Name ?? "null"}, which the export does not know."),
    };

    /// <summary>The typed value to write.</summary>
    public object ToValue() => Type switch
    {
        "Edm.String" => Value,
        "Edm.Int32" => int.Parse(Value, CultureInfo.InvariantCulture),
        "Edm.Int64" => long.Parse(Value, CultureInfo.InvariantCulture),
        "Edm.Double" => double.Parse(Value, CultureInfo.InvariantCulture),
        "Edm.Boolean" => Value == "true",
        "Edm.DateTime" => DateTimeOffset.Parse(Value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
        "Edm.Guid" => Guid.Parse(Value),
        "Edm.Binary" => Convert.FromBase64String(Value),
        _ => throw new InvalidDataException($"Property '{Name}' has the type '{Type}', which the export does not know."),
    };
}

/// <summary>A blob container of an <see cref="AzureAccountExport"/>.</summary>
/// <param name="Name">The container name.</param>
/// <param name="Blobs">Its blobs, by name.</param>
public sealed record ExportedContainer(string Name, IReadOnlyList<ExportedBlob> Blobs);

/// <summary>A blob: its content as UTF-8 text when it is valid UTF-8, else base64, and its metadata.</summary>
/// <param name="Name">The blob name.</param>
/// <param name="Text">The content, when it is UTF-8 text.</param>
/// <param name="Base64">The content in base64, when it is not.</param>
/// <param name="Metadata">The blob's metadata.</param>
public sealed record ExportedBlob(string Name, string? Text, string? Base64, IReadOnlyDictionary<string, string> Metadata)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>A blob as read from the service.</summary>
    /// <param name="name">The blob name.</param>
    /// <param name="content">Its bytes.</param>
    /// <param name="metadata">Its metadata.</param>
    public static ExportedBlob From(string name, byte[] content, IDictionary<string, string>? metadata)
    {
        var sorted = new SortedDictionary<string, string>(metadata ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        try
        {
            var text = StrictUtf8.GetString(content);
            if (StrictUtf8.GetBytes(text).AsSpan().SequenceEqual(content))
            {
                return new ExportedBlob(name, text, null, sorted);
            }
        }
        catch (DecoderFallbackException)
        {
            // Not text: kept in base64.
        }

        return new ExportedBlob(name, null, Convert.ToBase64String(content), sorted);
    }

    /// <summary>The blob's bytes.</summary>
    public byte[] Content() => Text is not null ? StrictUtf8.GetBytes(Text) : Convert.FromBase64String(Base64 ?? string.Empty);
}
