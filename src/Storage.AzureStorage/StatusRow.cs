using Azure;
using Azure.Data.Tables;

namespace OrleansWorkflows.Storage.AzureStorage;

/// <summary>
/// An instance's status row (row key <see cref="AzureKeys.StatusRow"/>, or <c>s</c> for an instance created before that
/// key): the <see cref="InstanceRecord"/> and the bookkeeping of
/// the instance's rows — its incarnation (a random tag of this creation: its inbox, outbox and marker rows carry it),
/// the epoch of the current execution's history rows, the history count, the last inbox id, the sets of present
/// inbox and outbox entries and the lists of the chunk rows a reload reads by key (<see cref="ChunkLists"/>). Every change of an instance rewrites it conditionally on its ETag, so a transaction that
/// also writes it is atomic per instance. Times are stored as ticks (any <see cref="DateTime"/> fits).
/// </summary>
internal sealed class StatusRow
{
    /// <summary>The payload properties of the record.</summary>
    public static readonly string[] PayloadNames = ["Input", "Output", "CustomStatus", "EngineState"];

    public required string InstanceId { get; init; }

    public required string Partition { get; init; }

    public required string InstanceHash { get; init; }

    /// <summary>Its row key: <see cref="AzureKeys.StatusRow"/>, or <see cref="AzureKeys.LegacyStatusRow"/> where an older build wrote it.</summary>
    public required string RowKey { get; init; }

    /// <summary>The row as read (null for a new instance); its ETag is the transaction's condition.</summary>
    public TableEntity? Stored { get; set; }

    public ETag ETag { get; set; }

    public required InstanceRecord Record { get; set; }

    public string Incarnation { get; set; } = string.Empty;

    public string Epoch { get; set; } = string.Empty;

    public long HistoryCount { get; set; }

    public long LastInboxId { get; set; }

    public IdSet Inbox { get; set; } = new();

    public IdSet Outbox { get; set; } = new();

    /// <summary>The firsts of the current execution's history chunks, or <c>null</c> when not known (<see cref="ChunkLists"/>).</summary>
    public List<long>? HistoryChunks { get; set; } = [];

    /// <summary>The firsts of the inbox chunks that may hold present entries, or <c>null</c> when not known.</summary>
    public List<long>? InboxChunks { get; set; } = [];

    /// <summary>The firsts of the outbox chunks that may hold present entries, or <c>null</c> when not known.</summary>
    public List<long>? OutboxChunks { get; set; } = [];

    /// <summary>Whether the row lists any chunk rows by key (a row written before the lists lists none).</summary>
    public bool ListsChunks => HistoryChunks is not null || InboxChunks is not null || OutboxChunks is not null;

    /// <summary>
    /// Whether <see cref="Record"/>'s payloads were replaced (by a commit); otherwise the row keeps the stored ones as they
    /// are (inline or in their blobs), since a payload kept in a blob is not read for a write.
    /// </summary>
    public bool PayloadsReplaced { get; set; }

    /// <summary>The blob name prefix of this incarnation's payloads.</summary>
    public string BlobPrefix => Payloads.Prefix(InstanceHash, Incarnation);

    /// <summary>
    /// Reads a stored status row with its entry sets; record payloads kept in blobs are left <c>null</c> (see
    /// <see cref="ReadPayloadsAsync"/>).
    /// </summary>
    public static async Task<StatusRow> ReadAsync(string instanceId, TableEntity entity, Payloads payloads, CancellationToken cancellationToken)
    {
        var row = FromEntity(instanceId, entity);
        if (Payloads.IsInBlob(entity, "InboxSet"))
        {
            row.Inbox = IdSet.Parse(await payloads.GetAsync(entity, "InboxSet", cancellationToken));
        }

        if (Payloads.IsInBlob(entity, "OutboxSet"))
        {
            row.Outbox = IdSet.Parse(await payloads.GetAsync(entity, "OutboxSet", cancellationToken));
        }

        return row;
    }

    private static StatusRow FromEntity(string instanceId, TableEntity entity) => new()
    {
        InstanceId = instanceId,
        Partition = entity.PartitionKey,
        InstanceHash = AzureKeys.Hash(instanceId),
        RowKey = entity.RowKey,
        Stored = entity,
        ETag = entity.ETag,
        Incarnation = entity.GetString("Inc") ?? string.Empty,
        Epoch = entity.GetString("Epoch") ?? string.Empty,
        HistoryCount = entity.GetInt64("HistoryCount") ?? 0,
        LastInboxId = entity.GetInt64("LastInboxId") ?? 0,
        Inbox = IdSet.Parse(entity.GetString("InboxSet")),
        Outbox = IdSet.Parse(entity.GetString("OutboxSet")),
        HistoryChunks = ChunkLists.Read(entity, ChunkLists.History),
        InboxChunks = ChunkLists.Read(entity, ChunkLists.Inbox),
        OutboxChunks = ChunkLists.Read(entity, ChunkLists.Outbox),
        Record = IndexRows.ToRecord(entity) with
        {
            InstanceId = instanceId, EngineState = entity.GetString("EngineState"), WakeAt = Time(entity.GetInt64("WakeAt")),
        },
    };

    /// <summary>A status row for an instance that is not stored yet.</summary>
    public static StatusRow New(string instanceId)
    {
        var hash = AzureKeys.Hash(instanceId);
        return new()
        {
            InstanceId = instanceId,
            Partition = AzureKeys.Partition(instanceId),
            InstanceHash = hash,
            RowKey = AzureKeys.StatusRow(hash),
            Record = new InstanceRecord { InstanceId = instanceId, Name = string.Empty, ExecutionId = string.Empty, Status = default },
        };
    }

    /// <summary>Whether the instance exists (the row is stored, or created by this transaction).</summary>
    public bool Exists => Record.Version != 0;

    /// <summary>The stored record with every payload, reading blob ones.</summary>
    public async Task<InstanceRecord> ReadPayloadsAsync(Payloads payloads, IReadOnlyCollection<string> names, CancellationToken cancellationToken)
    {
        var record = Record;
        if (Stored is null)
        {
            return record;
        }

        foreach (var name in names.Where(n => Payloads.IsInBlob(Stored, n)))
        {
            var value = await payloads.GetAsync(Stored, name, cancellationToken);
            record = name switch
            {
                "Input" => record with { Input = value },
                "Output" => record with { Output = value },
                "CustomStatus" => record with { CustomStatus = value },
                _ => record with { EngineState = value },
            };
        }

        return record;
    }

    /// <summary>The row to write: the record and the bookkeeping; long payloads go to blobs (<paramref name="uploads"/>).</summary>
    /// <param name="uploads">Blobs to write before the transaction.</param>
    /// <param name="previousBlobs">Blobs the stored row referred to that the new row does not (garbage after the commit).</param>
    public TableEntity ToEntity(List<PendingBlob> uploads, List<string> previousBlobs)
    {
        var r = Record;
        var entity = new TableEntity(Partition, RowKey)
        {
            ["V"] = 1,
            ["Id"] = InstanceId,
            ["Name"] = r.Name,
            ["ExecutionId"] = r.ExecutionId,
            ["Status"] = (int)r.Status,
            ["CreatedAt"] = r.CreatedAt.Ticks,
            ["LastUpdatedAt"] = r.LastUpdatedAt.Ticks,
            ["Version"] = r.Version,
            ["Inc"] = Incarnation,
            ["Epoch"] = Epoch,
            ["HistoryCount"] = HistoryCount,
            ["LastInboxId"] = LastInboxId,
        };
        SetOptional(entity, "ParentInstanceId", r.ParentInstanceId);
        SetOptional(entity, "OrchestrationVersion", r.OrchestrationVersion);
        SetOptional(entity, "CompletedAt", r.CompletedAt?.Ticks);
        SetOptional(entity, "WakeAt", r.WakeAt?.Ticks);

        // The inbox and outbox lists keep only chunks that may still hold present entries (the sets may have shrunk).
        InboxChunks = ChunkLists.Holding(InboxChunks, Inbox);
        OutboxChunks = ChunkLists.Holding(OutboxChunks, Outbox);
        ChunkLists.Write(entity, ChunkLists.History, HistoryChunks);
        ChunkLists.Write(entity, ChunkLists.Inbox, InboxChunks);
        ChunkLists.Write(entity, ChunkLists.Outbox, OutboxChunks);
        var values = new[] { r.Input, r.Output, r.CustomStatus, r.EngineState, Inbox.ToString(), Outbox.ToString() };
        var names = new[] { "Input", "Output", "CustomStatus", "EngineState", "InboxSet", "OutboxSet" };
        for (var i = 0; i < names.Length; i++)
        {
            if (i < PayloadNames.Length && !PayloadsReplaced && Stored is not null)
            {
                foreach (var suffix in new[] { string.Empty, "Blob", "Hash" })
                {
                    if (Stored.TryGetValue(names[i] + suffix, out var kept))
                    {
                        entity[names[i] + suffix] = kept;
                    }
                }

                continue;
            }

            var blob = Payloads.Put(entity, names[i], values[i], BlobPrefix, uploads, Stored);
            if (Stored is not null && Payloads.BlobOf(Stored, names[i]) is { } old && old != blob)
            {
                previousBlobs.Add(old);
            }
        }

        AzureLimits.CheckEntity(entity);
        return entity;
    }

    /// <summary>A copy for a round of writes (the sets are copied; the record is immutable).</summary>
    public StatusRow Clone() => new()
    {
        InstanceId = InstanceId,
        Partition = Partition,
        InstanceHash = InstanceHash,
        RowKey = RowKey,
        Stored = Stored,
        ETag = ETag,
        Record = Record,
        Incarnation = Incarnation,
        Epoch = Epoch,
        HistoryCount = HistoryCount,
        LastInboxId = LastInboxId,
        Inbox = Inbox.Clone(),
        Outbox = Outbox.Clone(),
        HistoryChunks = ChunkLists.Copy(HistoryChunks),
        InboxChunks = ChunkLists.Copy(InboxChunks),
        OutboxChunks = ChunkLists.Copy(OutboxChunks),
        PayloadsReplaced = PayloadsReplaced,
    };

    internal static DateTime? Time(long? ticks) => ticks is { } t ? new DateTime(t, DateTimeKind.Utc) : null;

    private static void SetOptional(TableEntity entity, string name, object? value)
    {
        if (value is not null)
        {
            entity[name] = value;
        }
    }
}
