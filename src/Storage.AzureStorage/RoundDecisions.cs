using System.Text.Json;
using Azure.Data.Tables;

namespace OrleansWorkflows.Storage.AzureStorage;

/// <summary>Applies each kind of write to a <see cref="Round"/>, deciding it with <see cref="StoreRules"/>.</summary>
internal static class RoundDecisions
{
    /// <summary>The most history chunk rows one commit writes; more go to one blob.</summary>
    public const int MaxHistoryRows = 40;

    /// <summary>The most request bytes one commit's history rows take; more go to one blob.</summary>
    public const long MaxHistoryBytes = 1_200_000;

    /// <summary>Applies <paramref name="write"/> to <paramref name="round"/>.</summary>
    public static void Apply(Round round, GroupCommitEntry write, IReadOnlyDictionary<string, TableEntity> lookups)
    {
        switch (write)
        {
            case CommitWrite commit:
                Commit(round, commit);
                break;
            case AppendWrite append:
                Append(round, append, lookups);
                break;
            case RemoveOutboxWrite remove:
                RemoveOutbox(round, remove);
                break;
            case SetWakeWrite wake:
                SetWake(round, wake);
                break;
            default:
                throw new InvalidOperationException($"Unexpected write {write.GetType().Name}.");
        }
    }

    private static void Commit(Round round, CommitWrite write)
    {
        var commit = write.Commit;
        var after = round.After;
        var storedVersion = after.Exists ? after.Record.Version : 0;
        if (StoreRules.CommitConflict(commit, storedVersion, after.HistoryCount) is { } conflict)
        {
            write.Failure = conflict;
            return;
        }

        if (storedVersion == 0)
        {
            after.Incarnation = AzureKeys.NewTag();
            after.Epoch = AzureKeys.NewTag();
            after.HistoryCount = 0;
            after.LastInboxId = 0;
            after.Inbox = new IdSet();
            after.Outbox = new IdSet();
            after.HistoryChunks = [];
            after.InboxChunks = [];
            after.OutboxChunks = [];
        }
        else if (StoreRules.DropsStoredHistory(commit, storedVersion))
        {
            round.DroppedEpochs.Add(after.Epoch);
            after.Epoch = AzureKeys.NewTag();
            after.HistoryCount = 0;
            after.HistoryChunks = [];
        }

        var start = StoreRules.HistoryStart(commit, after.HistoryCount);
        AddHistory(round, after, start, commit.AppendHistory);
        after.HistoryCount = start + commit.AppendHistory.Count;
        foreach (var id in commit.ConsumedInbox)
        {
            round.Shrank |= after.Inbox.Remove(id);
        }

        if (commit.AddInbox.Count > 0)
        {
            var first = after.LastInboxId + 1;
            after.LastInboxId += commit.AddInbox.Count;
            for (var id = first; id <= after.LastInboxId; id++)
            {
                after.Inbox.Add(id);
            }

            round.Upsert(Chunks.Inbox(after, first, [.. commit.AddInbox.Select(m => new StoredInboxEntry(m, null, 0))], round.Uploads));
            after.InboxChunks = ChunkLists.Add(after.InboxChunks, first);
        }

        if (commit.AddOutbox.Count > 0)
        {
            foreach (var entry in commit.AddOutbox)
            {
                after.Outbox.Add(entry.Id);
            }

            round.Upsert(Chunks.Outbox(after, commit.AddOutbox, round.Uploads));
            after.OutboxChunks = ChunkLists.Add(after.OutboxChunks, commit.AddOutbox.Min(e => e.Id));
        }

        foreach (var id in commit.RemoveOutbox)
        {
            round.Shrank |= after.Outbox.Remove(id);
        }

        var version = StoreRules.NextVersion(storedVersion);
        after.Record = commit.Record with
        {
            InstanceId = round.InstanceId,
            Version = version,
            WakeAt = StoreRules.EffectiveWakeAt(commit.Record.WakeAt, after.Inbox.Max, commit.InboxSeenUpTo),
        };
        after.PayloadsReplaced = true;
        round.StatusChanged = round.IndexChanged = true;
        write.Result = version;
    }

    /// <summary>
    /// The commit's events as history chunks of at most <see cref="AzureLimits.MaxInlineChars"/> of JSON each (a longer
    /// event alone, in a blob); when they would take more than <see cref="MaxHistoryRows"/> rows or
    /// <see cref="MaxHistoryBytes"/>, one chunk in a blob instead, so an episode is always one transaction.
    /// </summary>
    private static void AddHistory(Round round, StatusRow after, long start, IReadOnlyList<string> events)
    {
        if (events.Count == 0)
        {
            return;
        }

        var chunks = new List<(long First, List<string> Events)>();
        var chars = 0L;
        for (var i = 0; i < events.Count; i++)
        {
            var length = JsonSerializer.Serialize(events[i], Chunks.Json).Length + 1;
            if (chunks.Count == 0 || chars + length > AzureLimits.MaxInlineChars)
            {
                chunks.Add((start + i, []));
                chars = 0;
            }

            chunks[^1].Events.Add(events[i]);
            chars += length;
        }

        var uploads = new List<PendingBlob>();
        var rows = chunks.Select(c => Chunks.History(after, c.First, c.Events, uploads, toBlob: false)).ToList();
        if (rows.Count > MaxHistoryRows || rows.Sum(r => AzureLimits.EntityWireBytes(r)) > MaxHistoryBytes)
        {
            uploads.Clear();
            rows = [Chunks.History(after, start, events, uploads, toBlob: true)];
        }

        round.Uploads.AddRange(uploads);
        rows.ForEach(round.Upsert);
        foreach (var row in rows)
        {
            after.HistoryChunks = ChunkLists.Add(after.HistoryChunks, row.GetInt64("First") ?? 0);
        }
    }

    private static void Append(Round round, AppendWrite write, IReadOnlyDictionary<string, TableEntity> lookups)
    {
        var after = round.After;
        var receipts = after.Exists ? new Receipts(round, lookups) : null;
        var last = after.LastInboxId;
        var decided = StoreRules.DecideAppend(receipts, write.Sender, write.Sequence, write.RequestId, write.ReceivedAt, ref last);
        write.Result = decided;
        if (decided.Result != InboxAppendResult.Appended)
        {
            return;
        }

        after.LastInboxId = last;
        after.Inbox.Add(last);
        round.Upsert(Chunks.Inbox(after, last, [new StoredInboxEntry(write.Message, write.Sender, write.Sequence)], round.Uploads));
        after.InboxChunks = ChunkLists.Add(after.InboxChunks, last);
        if (write.Sender is not null)
        {
            var key = AzureKeys.SequenceRow(after.Incarnation, write.Sender, write.Sequence);
            round.RecordedSequences[key] = last;
            round.Upsert(new TableEntity(after.Partition, key) { ["Inc"] = after.Incarnation, ["InboxId"] = last });
        }

        if (write.RequestId is not null)
        {
            round.Upsert(RequestRow(after.Partition, write.RequestId, after.Incarnation, write.ReceivedAt));
        }

        after.Record = after.Record with { WakeAt = StoreRules.WakeAtAfterAppend };
        round.StatusChanged = true;
    }

    /// <summary>The row remembering a client request id (incarnation <c>*</c>: a purge's, valid for any incarnation).</summary>
    public static TableEntity RequestRow(string partition, string requestId, string incarnation, DateTime receivedAt) => new(partition, AzureKeys.RequestRow(requestId))
    {
        ["Inc"] = incarnation, ["RequestId"] = requestId, ["ReceivedAt"] = receivedAt.Ticks,
    };

    /// <summary>Whether a stored request row is remembered for the instance whose status row is <paramref name="status"/>.</summary>
    public static bool IsRemembered(TableEntity? request, StatusRow? status) =>
        request?.GetString("Inc") is { } inc && (inc == "*" || (status is not null && inc == status.Incarnation));

    private static void RemoveOutbox(Round round, RemoveOutboxWrite write)
    {
        write.Result = true;
        if (!round.After.Exists)
        {
            return;
        }

        foreach (var id in write.Ids)
        {
            if (round.After.Outbox.Remove(id))
            {
                round.StatusChanged = round.Shrank = true;
            }
        }
    }

    private static void SetWake(Round round, SetWakeWrite write)
    {
        var after = round.After;
        if (!after.Exists || after.Record.Version != write.ExpectedVersion)
        {
            write.Result = false;
            return;
        }

        after.Record = after.Record with { WakeAt = StoreRules.EffectiveWakeAt(write.WakeAt, after.Inbox.Max, write.InboxSeenUpTo) };
        round.StatusChanged = true;
        write.Result = true;
    }

    /// <summary>What the instance received, for <see cref="StoreRules.DecideAppend"/>: its stored markers and request
    /// rows (read before the round) and the appends earlier in the round.</summary>
    private sealed class Receipts(Round round, IReadOnlyDictionary<string, TableEntity> lookups) : IInboxReceipts
    {
        public bool TryRecordSequence(string sender, long sequence)
        {
            var after = round.After;
            var key = AzureKeys.SequenceRow(after.Incarnation, sender, sequence);
            if ((round.RecordedSequences.TryGetValue(key, out var id) && (id == long.MaxValue || after.Inbox.Contains(id)))
                || (lookups.TryGetValue(key, out var marker) && after.Inbox.Contains(marker.GetInt64("InboxId") ?? 0)))
            {
                return false;
            }

            round.RecordedSequences[key] = long.MaxValue;
            return true;
        }

        public bool TryRecordRequest(string requestId, DateTime receivedAt)
        {
            var key = AzureKeys.RequestRow(requestId);
            if (round.RecordedRequests.Contains(key) || IsRemembered(lookups.GetValueOrDefault(key), round.After))
            {
                return false;
            }

            round.RecordedRequests.Add(key);
            return true;
        }
    }
}
