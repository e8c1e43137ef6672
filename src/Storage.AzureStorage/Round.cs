using Azure.Data.Tables;

namespace OrleansWorkflows.Storage.AzureStorage;

/// <summary>
/// One round of an instance's writes: the status row as read (<see cref="Before"/>), the state after the writes taken
/// (<see cref="After"/>), and the rows of the one transaction that applies them. Writes are decided here with
/// <see cref="StoreRules"/> against the state left by the writes before them in the round.
/// </summary>
internal sealed class Round(string instanceId, StatusRow? before)
{
    public string InstanceId { get; } = instanceId;

    public StatusRow? Before { get; } = before;

    public StatusRow After { get; set; } = before?.Clone() ?? StatusRow.New(instanceId);

    /// <summary>Whether <see cref="Before"/> is this process's cached copy of the status row (not read for this round).</summary>
    public bool FromCache { get; init; }

    /// <summary>The writes this round took, in order.</summary>
    public List<GroupCommitEntry> Taken { get; } = [];

    /// <summary>The transaction's rows other than the status row.</summary>
    public List<TableTransactionAction> Rows { get; } = [];

    /// <summary>Blobs the rows refer to, written before the transaction.</summary>
    public List<PendingBlob> Uploads { get; } = [];

    /// <summary>Blobs no row refers to once the transaction committed.</summary>
    public List<string> GarbageBlobs { get; } = [];

    /// <summary>History epochs a new execution left behind (their rows are garbage once committed).</summary>
    public List<string> DroppedEpochs { get; } = [];

    /// <summary>Sequenced messages appended in this round: marker row key to inbox id.</summary>
    public Dictionary<string, long> RecordedSequences { get; } = new(StringComparer.Ordinal);

    /// <summary>Client request ids appended in this round (their row keys).</summary>
    public HashSet<string> RecordedRequests { get; } = new(StringComparer.Ordinal);

    /// <summary>The status row changes.</summary>
    public bool StatusChanged { get; set; }

    /// <summary>A commit changed the record (the query row follows).</summary>
    public bool IndexChanged { get; set; }

    /// <summary>Inbox or outbox entries were consumed or removed (their chunk rows may have become garbage).</summary>
    public bool Shrank { get; set; }

    /// <summary>The purge this round is, when it deletes the instance.</summary>
    public PurgeWrite? Purge { get; set; }

    /// <summary>What a round keeps to undo a write that does not fit in its transaction.</summary>
    public (StatusRow After, int Rows, int Uploads, int Garbage, int Epochs, Dictionary<string, long> Sequences, HashSet<string> Requests, bool Status, bool Index, bool Shrank) Save() =>
        (After.Clone(), Rows.Count, Uploads.Count, GarbageBlobs.Count, DroppedEpochs.Count, new(RecordedSequences, StringComparer.Ordinal), new(RecordedRequests, StringComparer.Ordinal), StatusChanged, IndexChanged, Shrank);

    /// <summary>Undoes everything after <paramref name="saved"/>.</summary>
    public void Restore((StatusRow After, int Rows, int Uploads, int Garbage, int Epochs, Dictionary<string, long> Sequences, HashSet<string> Requests, bool Status, bool Index, bool Shrank) saved)
    {
        After = saved.After;
        Rows.RemoveRange(saved.Rows, Rows.Count - saved.Rows);
        Uploads.RemoveRange(saved.Uploads, Uploads.Count - saved.Uploads);
        GarbageBlobs.RemoveRange(saved.Garbage, GarbageBlobs.Count - saved.Garbage);
        DroppedEpochs.RemoveRange(saved.Epochs, DroppedEpochs.Count - saved.Epochs);
        RecordedSequences.Clear();
        foreach (var (key, value) in saved.Sequences)
        {
            RecordedSequences[key] = value;
        }

        RecordedRequests.Clear();
        RecordedRequests.UnionWith(saved.Requests);
        (StatusChanged, IndexChanged, Shrank) = (saved.Status, saved.Index, saved.Shrank);
    }

    /// <summary>The estimated request size of the transaction, with room for the status row at its largest.</summary>
    public long EstimatedBytes() => StatusReserveBytes + Rows.Sum(r => AzureLimits.EntityWireBytes((TableEntity)r.Entity));

    /// <summary>The most a status row can take in a request: six long strings, escaped, and the rest.</summary>
    public const long StatusReserveBytes = (6 * ((AzureLimits.MaxInlineChars * 6L) + 200)) + 8192;

    /// <summary>Adds an upserted row to the transaction.</summary>
    public void Upsert(TableEntity entity)
    {
        AzureLimits.CheckEntity(entity);
        Rows.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity));
    }
}
