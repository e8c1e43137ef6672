using Azure;
using Azure.Data.Tables;

namespace OrleansWorkflows.Storage.AzureStorage;

public sealed partial class AzureWorkflowStore
{
    private const int MaxRoundAttempts = 10;

    /// <inheritdoc />
    public Task<long> CommitAsync(InstanceCommit commit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commit);
        return _writer.EnqueueAsync(commit.Record.InstanceId, new CommitWrite(commit));
    }

    /// <inheritdoc />
    public Task<InboxAppend> AppendInboxAsync(string instanceId, string messageJson, string? sender, long sequence, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        ArgumentNullException.ThrowIfNull(messageJson);
        return _writer.EnqueueAsync(instanceId, new AppendWrite(messageJson, sender, sequence, null, default));
    }

    /// <inheritdoc />
    public Task<InboxAppend> AppendRequestAsync(string instanceId, string messageJson, string requestId, DateTime receivedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        ArgumentNullException.ThrowIfNull(messageJson);
        ArgumentNullException.ThrowIfNull(requestId);
        return _writer.EnqueueAsync(instanceId, new AppendWrite(messageJson, null, 0, requestId, receivedAt));
    }

    /// <inheritdoc />
    public Task RemoveOutboxAsync(string instanceId, IReadOnlyCollection<long> outboxIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        ArgumentNullException.ThrowIfNull(outboxIds);
        return outboxIds.Count == 0 ? Task.CompletedTask : _writer.EnqueueAsync(instanceId, new RemoveOutboxWrite([.. outboxIds]));
    }

    /// <inheritdoc />
    public Task<bool> SetWakeUpAsync(string instanceId, long expectedVersion, DateTime? wakeAt, long inboxSeenUpTo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        return _writer.EnqueueAsync(instanceId, new SetWakeWrite(expectedVersion, wakeAt, inboxSeenUpTo));
    }

    /// <inheritdoc />
    public Task<bool> PurgeAsync(string instanceId, long expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        return _writer.EnqueueAsync(instanceId, new PurgeWrite(expectedVersion, null, default));
    }

    /// <inheritdoc />
    public Task<bool> PurgeAsync(string instanceId, long expectedVersion, string requestId, DateTime requestedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        ArgumentNullException.ThrowIfNull(requestId);
        return _writer.EnqueueAsync(instanceId, new PurgeWrite(expectedVersion, requestId, requestedAt));
    }

    /// <summary>
    /// Writes one round of an instance's writes: reads its status row (and the markers the appends ask about), decides the
    /// writes in order until the transaction is full, writes the blobs and the index rows that must exist first (usually
    /// none: <see cref="IndexChange"/>), commits the transaction on the status row's ETag, queues the rest of the index
    /// change without waiting for it, and answers the writes. A transaction that lost a race
    /// with another process (the status row changed, appeared or vanished) is decided again on the new state.
    /// </summary>
    private async Task<int> WriteRoundAsync(string instanceId, IReadOnlyList<GroupCommitEntry> writes)
    {
        await _account.EnsureReadyAsync();
        var fresh = false;
        for (var attempt = 1; ; attempt++)
        {
            var round = await PlanAsync(instanceId, writes, fresh);
            if (round.FromCache && (!round.StatusChanged || round.Taken.Any(IsRefused)))
            {
                // A refusal decided on the cached status row may be stale (another process wrote since): decide on a fresh read.
                round.Taken.ForEach(w => w.Reset());
                fresh = true;
                continue;
            }

            try
            {
                await ExecuteAsync(round);
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 409 or 412)
            {
                // Nothing of the transaction is stored: its blobs are garbage, and its writes are decided again.
                _statusCache.Forget(instanceId);
                await _payloads.DeleteQuietlyAsync(round.Uploads.Select(u => u.Name));
                if (attempt >= MaxRoundAttempts)
                {
                    throw;
                }

                round.Taken.ForEach(w => w.Reset());
                fresh = true;
                continue;
            }

            round.Taken.ForEach(w => w.Complete());
            return round.Taken.Count;
        }
    }

    /// <summary>Whether a write was refused (a conflict, nothing appended, a wake-up or purge not applied).</summary>
    private static bool IsRefused(GroupCommitEntry write) => write.Failure is not null || write switch
    {
        AppendWrite append => append.Result.Result != InboxAppendResult.Appended,
        SetWakeWrite wake => !wake.Result,
        _ => false,
    };

    private async Task<Round> PlanAsync(string instanceId, IReadOnlyList<GroupCommitEntry> writes, bool fresh)
    {
        StatusRow? cached = null;
        var fromCache = !fresh && writes[0] is not PurgeWrite && _statusCache.TryGet(instanceId, out cached);
        var before = fromCache ? cached : await ReadStatusAsync(instanceId, CancellationToken.None);
        var round = new Round(instanceId, before) { FromCache = fromCache };
        if (writes[0] is PurgeWrite purge)
        {
            purge.Result = StoreRules.MayPurge(before?.Record.Version, purge.ExpectedVersion);
            round.Taken.Add(purge);
            round.Purge = purge.Result ? purge : null;
            return round;
        }

        var lookups = await ReadMarkersAsync(round, writes.OfType<AppendWrite>());
        foreach (var write in writes)
        {
            var saved = round.Save();
            RoundDecisions.Apply(round, write, lookups);
            if (round.Taken.Count > 0
                && (round.Rows.Count + 1 > AzureLimits.MaxBatchOperations || round.EstimatedBytes() > AzureLimits.MaxBatchBytes))
            {
                round.Restore(saved);
                write.Reset();
                break;
            }

            round.Taken.Add(write);
        }

        return round;
    }

    /// <summary>The stored sequence markers and request rows the appends of a round ask about, by row key.</summary>
    private async Task<Dictionary<string, TableEntity>> ReadMarkersAsync(Round round, IEnumerable<AppendWrite> appends)
    {
        if (round.Before is not { } status)
        {
            return new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        }

        var keys = appends
            .Select(a => a.Sender is not null ? AzureKeys.SequenceRow(status.Incarnation, a.Sender, a.Sequence) : a.RequestId is not null ? AzureKeys.RequestRow(a.RequestId) : null)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var found = await Task.WhenAll(keys.Select(k => Instances.GetEntityIfExistsAsync<TableEntity>(status.Partition, k)));
        return found.Where(f => f.HasValue && f.Value is not null).ToDictionary(f => f.Value!.RowKey, f => f.Value!, StringComparer.Ordinal);
    }

    private async Task ExecuteAsync(Round round)
    {
        if (round.Purge is not null)
        {
            await ExecutePurgeAsync(round);
            return;
        }

        if (!round.StatusChanged)
        {
            return;
        }

        var status = round.After.ToEntity(round.Uploads, round.GarbageBlobs);
        var actions = new List<TableTransactionAction>
        {
            round.Before is { } before
                ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, status, before.ETag)
                : new TableTransactionAction(TableTransactionActionType.Add, status),
        };
        actions.AddRange(round.Rows);
        CheckTransaction(actions);
        var index = IndexChange.Of(round, status, _account.Options, _time.GetUtcNow().UtcDateTime);
        var indexFirst = _index.WriteAsync(index.Shard, index.Before);
        if (round.Uploads.Count > 0)
        {
            await Task.WhenAll(_payloads.UploadAsync(round.Uploads, round.After.Partition, CancellationToken.None), indexFirst);
        }
        else
        {
            await indexFirst;
        }

        var responses = await Instances.SubmitTransactionAsync(actions);
        Interlocked.Increment(ref _transactions);
        _statusCache.Keep(round.After, status, responses.Value[0].Headers.ETag);
        _index.Post(index.Shard, index.After);
        if (round.GarbageBlobs.Count > 0)
        {
            await _payloads.DeleteQuietlyAsync(round.GarbageBlobs);
        }

        if (round.Shrank || round.DroppedEpochs.Count > 0)
        {
            _cleanup.Schedule(round.InstanceId, round.DroppedEpochs, CollectGarbageAsync);
        }
    }

    private static void CheckTransaction(List<TableTransactionAction> actions)
    {
        var bytes = actions.Sum(a => AzureLimits.EntityWireBytes((TableEntity)a.Entity));
        if (actions.Count > AzureLimits.MaxBatchOperations || bytes > AzureLimits.MaxBatchBytes)
        {
            throw new InvalidOperationException($"A transaction of {actions.Count} rows and about {bytes} bytes exceeds Azure's limits (100 rows, 4 MiB).");
        }
    }

    private async Task ExecutePurgeAsync(Round round)
    {
        var before = round.Before!;
        var purge = round.Purge!;
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.Delete, new TableEntity(before.Partition, before.RowKey), before.ETag),
        };
        var index = IndexChange.Of(round, null, _account.Options, _time.GetUtcNow().UtcDateTime);
        if (purge.RequestId is { } requestId)
        {
            var request = RoundDecisions.RequestRow(before.Partition, requestId, "*", purge.RequestedAt);
            actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, request));
            index.Before.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, IndexRows.Request(index.Shard, round.InstanceId, before.InstanceHash, request)));
        }

        await _index.WriteAsync(index.Shard, index.Before);
        _statusCache.Forget(round.InstanceId);
        await Instances.SubmitTransactionAsync(actions);
        Interlocked.Increment(ref _transactions);
        _index.Post(index.Shard, index.After);
        await DeleteIncarnationAsync(before);
    }
}
