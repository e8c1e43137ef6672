using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Data.Tables;

namespace OrleansWorkflows.Storage.AzureStorage;

/// <summary>An inbox entry as a chunk row stores it.</summary>
internal sealed record StoredInboxEntry(
    [property: JsonPropertyName("m")] string Message,
    [property: JsonPropertyName("s")] string? Sender,
    [property: JsonPropertyName("q")] long Sequence);

/// <summary>An outbox entry as a chunk row stores it.</summary>
internal sealed record StoredOutboxEntry(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("r")] string Receiver,
    [property: JsonPropertyName("m")] string Message);

/// <summary>
/// Chunk rows: the entries one write adds, in one row of the instance's partition (their JSON in property <c>D</c>, or
/// in a blob when long). History chunks (<c>h{epoch}{first}</c>) hold consecutive events of an execution; inbox chunks
/// (<c>i{incarnation}{first}</c>) consecutive inbox entries; outbox chunks (<c>o{incarnation}{smallest id}</c>) the
/// outbox entries of one commit. Chunk rows are written once and never changed: whether an entry is present is decided
/// by the status row (history count, inbox and outbox sets), so consuming entries writes no row of theirs.
/// </summary>
internal static class Chunks
{
    /// <summary>JSON of chunks: only what JSON requires is escaped, so a chunk's size is close to its text's.</summary>
    public static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A history chunk of <paramref name="events"/>, numbered from <paramref name="first"/>.</summary>
    public static TableEntity History(StatusRow status, long first, IReadOnlyList<string> events, List<PendingBlob> uploads, bool toBlob)
    {
        var entity = new TableEntity(status.Partition, AzureKeys.HistoryRow(status.Epoch, first))
        {
            ["V"] = 1, ["Inc"] = status.Incarnation, ["First"] = first, ["Count"] = events.Count,
        };
        Payloads.Put(entity, "D", JsonSerializer.Serialize(events, Json), status.BlobPrefix, uploads, toBlob: toBlob);
        return entity;
    }

    /// <summary>An inbox chunk of <paramref name="entries"/>, with ids from <paramref name="first"/>.</summary>
    public static TableEntity Inbox(StatusRow status, long first, IReadOnlyList<StoredInboxEntry> entries, List<PendingBlob> uploads)
    {
        var entity = new TableEntity(status.Partition, AzureKeys.InboxRow(status.Incarnation, first))
        {
            ["V"] = 1, ["Inc"] = status.Incarnation, ["First"] = first, ["Count"] = entries.Count,
        };
        Payloads.Put(entity, "D", JsonSerializer.Serialize(entries, Json), status.BlobPrefix, uploads);
        return entity;
    }

    /// <summary>An outbox chunk of <paramref name="entries"/>.</summary>
    public static TableEntity Outbox(StatusRow status, IReadOnlyList<OutboxEntry> entries, List<PendingBlob> uploads)
    {
        var first = entries.Min(e => e.Id);
        var entity = new TableEntity(status.Partition, AzureKeys.OutboxRow(status.Incarnation, first))
        {
            ["V"] = 1, ["Inc"] = status.Incarnation, ["First"] = first, ["Count"] = entries.Count,
        };
        var ids = new IdSet();
        foreach (var e in entries)
        {
            ids.Add(e.Id);
        }

        entity["Ids"] = ids.ToString();
        var stored = entries.Select(e => new StoredOutboxEntry(e.Id, e.Receiver, e.MessageJson)).ToList();
        Payloads.Put(entity, "D", JsonSerializer.Serialize(stored, Json), status.BlobPrefix, uploads);
        return entity;
    }

    /// <summary>The events of a history chunk.</summary>
    public static async Task<List<string>> ReadHistoryAsync(Payloads payloads, TableEntity chunk, CancellationToken cancellationToken) =>
        JsonSerializer.Deserialize<List<string>>(await payloads.GetAsync(chunk, "D", cancellationToken) ?? "[]") ?? [];

    /// <summary>The entries of an inbox chunk, with their ids.</summary>
    public static async Task<List<(long Id, StoredInboxEntry Entry)>> ReadInboxAsync(Payloads payloads, TableEntity chunk, CancellationToken cancellationToken)
    {
        var first = chunk.GetInt64("First") ?? 0;
        var entries = JsonSerializer.Deserialize<List<StoredInboxEntry>>(await payloads.GetAsync(chunk, "D", cancellationToken) ?? "[]") ?? [];
        return [.. entries.Select((e, i) => (first + i, e))];
    }

    /// <summary>The entries of an outbox chunk.</summary>
    public static async Task<List<StoredOutboxEntry>> ReadOutboxAsync(Payloads payloads, TableEntity chunk, CancellationToken cancellationToken) =>
        JsonSerializer.Deserialize<List<StoredOutboxEntry>>(await payloads.GetAsync(chunk, "D", cancellationToken) ?? "[]") ?? [];

    /// <summary>The ids an inbox chunk holds (consecutive) or an outbox chunk holds (its <c>Ids</c>).</summary>
    public static IEnumerable<long> Ids(TableEntity chunk)
    {
        if (chunk.GetString("Ids") is { } ids)
        {
            return IdSet.Parse(ids).All();
        }

        var first = chunk.GetInt64("First") ?? 0;
        return Enumerable.Range(0, chunk.GetInt32("Count") ?? 0).Select(i => first + i);
    }
}
