namespace OrleansWorkflows.Storage;

/// <summary>
/// The in-memory workflow store for tests and the embedded quick start before a durable backend is configured.
/// One instance must be shared by every silo of a cluster (the test fixture passes it in); data is lost when the
/// process exits. Thread-safe: every operation takes one lock, which makes each commit atomic. The shared rules
/// (preconditions, duplicates, wake-ups, paging) are <see cref="StoreRules"/>'s, as in the durable stores.
/// </summary>
public sealed class InMemoryWorkflowStore : IWorkflowStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Instance> _instances = new(StringComparer.Ordinal);

    /// <summary>The request id a purge remembered for an instance id no instance holds now (moved into the instance
    /// when one is created again under the id, as the SQL stores keep the row).</summary>
    private readonly Dictionary<string, Dictionary<string, DateTime>> _purgeRequests = new(StringComparer.Ordinal);

    /// <summary>The number of successful commits (for tests and diagnostics).</summary>
    public long CommitCount { get; private set; }

    /// <inheritdoc />
    public Task<InstanceSnapshot?> LoadAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (!_instances.TryGetValue(instanceId, out var instance))
            {
                return Task.FromResult<InstanceSnapshot?>(null);
            }

            return Task.FromResult<InstanceSnapshot?>(new InstanceSnapshot(
                instance.Record,
                [.. instance.History],
                [.. instance.Inbox],
                [.. instance.OutboxEntries]));
        }
    }

    /// <inheritdoc />
    public Task<InstanceRecord?> GetRecordAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_instances.TryGetValue(instanceId, out var instance) ? instance.Record : null);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ReadHistoryAsync(string instanceId, int skip = 0, int take = int.MaxValue, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfNegative(take);
        lock (_lock)
        {
            IReadOnlyList<string> history = _instances.TryGetValue(instanceId, out var instance) ? [.. instance.History.Skip(skip).Take(take)] : [];
            return Task.FromResult(history);
        }
    }

    /// <inheritdoc />
    public Task<InstancePage> QueryAsync(InstanceQuery query, CancellationToken cancellationToken = default)
    {
        StoreRules.CheckQuery(query);
        var cursor = query.ContinuationToken is { } token ? QueryCursor.Parse(token) : ((DateTime, string)?)null;
        lock (_lock)
        {
            var page = _instances.Values
                .Select(i => i.Record)
                .Where(r => query.Matches(r) && (cursor is null || QueryCursor.IsAfter(r, cursor.Value)))
                .OrderBy(r => r.CreatedAt).ThenBy(r => r.InstanceId, StringComparer.Ordinal)
                .Take(StoreRules.RowsToRead(query))
                .Select(r => StoreRules.ForQuery(r, query.IncludeInputsAndOutputs))
                .ToList();
            return Task.FromResult(StoreRules.TrimPage(page, query.PageSize));
        }
    }

    /// <inheritdoc />
    public Task<bool> PurgeAsync(string instanceId, long expectedVersion, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(StoreRules.MayPurge(StoredVersion(instanceId), expectedVersion) && _instances.Remove(instanceId));
        }
    }

    /// <inheritdoc />
    public Task<bool> PurgeAsync(string instanceId, long expectedVersion, string requestId, DateTime requestedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requestId);
        lock (_lock)
        {
            if (!StoreRules.MayPurge(StoredVersion(instanceId), expectedVersion))
            {
                return Task.FromResult(false);
            }

            _instances.Remove(instanceId);
            _purgeRequests[instanceId] = new Dictionary<string, DateTime>(StringComparer.Ordinal) { [requestId] = requestedAt };
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<long> CommitAsync(InstanceCommit commit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commit);
        var id = commit.Record.InstanceId;
        lock (_lock)
        {
            _instances.TryGetValue(id, out var instance);
            var stored = instance?.Record.Version ?? 0;
            StoreRules.CheckCommit(commit, stored, instance?.History.Count ?? 0);
            instance ??= _instances[id] = NewInstance(id);
            if (StoreRules.DropsStoredHistory(commit, stored))
            {
                instance.History.Clear();
            }

            instance.History.AddRange(commit.AppendHistory);
            if (commit.ConsumedInbox.Count > 0)
            {
                var consumed = commit.ConsumedInbox.ToHashSet();
                instance.Inbox.RemoveAll(e =>
                {
                    if (!consumed.Contains(e.Id))
                    {
                        return false;
                    }

                    if (e.Sender is not null)
                    {
                        instance.Received.Remove((e.Sender, e.Sequence));
                    }

                    return true;
                });
            }

            foreach (var message in commit.AddInbox)
            {
                instance.Inbox.Add(new InboxEntry(++instance.LastInboxId, message, null, 0));
            }

            foreach (var removed in commit.RemoveOutbox)
            {
                instance.Outbox.Remove(removed);
            }

            foreach (var entry in commit.AddOutbox)
            {
                instance.Outbox[entry.Id] = entry;
            }

            var version = StoreRules.NextVersion(stored);
            instance.Record = commit.Record with { Version = version, WakeAt = EffectiveWakeAt(instance, commit.Record.WakeAt, commit.InboxSeenUpTo) };
            CommitCount++;
            return Task.FromResult(version);
        }
    }

    /// <inheritdoc />
    public Task<InboxAppend> AppendInboxAsync(string instanceId, string messageJson, string? sender, long sequence, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(Append(_instances.GetValueOrDefault(instanceId), messageJson, sender, sequence, null, default));
        }
    }

    /// <inheritdoc />
    public Task<InboxAppend> AppendRequestAsync(string instanceId, string messageJson, string requestId, DateTime receivedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requestId);
        lock (_lock)
        {
            return Task.FromResult(Append(_instances.GetValueOrDefault(instanceId), messageJson, null, 0, requestId, receivedAt));
        }
    }

    /// <inheritdoc />
    public Task<bool> HasRequestAsync(string instanceId, string requestId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var requests = _instances.TryGetValue(instanceId, out var instance) ? instance.KnownRequests : _purgeRequests.GetValueOrDefault(instanceId);
            return Task.FromResult(requests?.ContainsKey(requestId) == true);
        }
    }

    /// <inheritdoc />
    public Task<int> PruneRequestsAsync(DateTime receivedBefore, int max, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        lock (_lock)
        {
            var pruned = 0;
            foreach (var requests in _instances.Values.Select(i => i.KnownRequests).OfType<Dictionary<string, DateTime>>().Concat(_purgeRequests.Values))
            {
                foreach (var (requestId, receivedAt) in requests)
                {
                    if (pruned == max)
                    {
                        return Task.FromResult(pruned);
                    }

                    if (receivedAt < receivedBefore)
                    {
                        requests.Remove(requestId);
                        pruned++;
                    }
                }
            }

            foreach (var emptied in _purgeRequests.Where(p => p.Value.Count == 0).Select(p => p.Key).ToList())
            {
                _purgeRequests.Remove(emptied);
            }

            return Task.FromResult(pruned);
        }
    }

    /// <inheritdoc />
    public Task RemoveOutboxAsync(string instanceId, IReadOnlyCollection<long> outboxIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outboxIds);
        lock (_lock)
        {
            if (_instances.TryGetValue(instanceId, out var instance))
            {
                foreach (var id in outboxIds)
                {
                    instance.Outbox.Remove(id);
                }
            }

            return Task.CompletedTask;
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> FindDueWakeUpsAsync(DateTime dueBy, int max, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            IReadOnlyList<string> due = [.. StoreRules.DuePage(WakeUps(), dueBy, null, max).Select(w => w.InstanceId)];
            return Task.FromResult(due);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<DueWakeUp>> FindDueWakeUpsAsync(DateTime dueBy, DueWakeUp? after, int max, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            IReadOnlyList<DueWakeUp> due = StoreRules.DuePage(WakeUps(), dueBy, after, max);
            return Task.FromResult(due);
        }
    }

    /// <inheritdoc />
    public Task<bool> SetWakeUpAsync(string instanceId, long expectedVersion, DateTime? wakeAt, long inboxSeenUpTo, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (!_instances.TryGetValue(instanceId, out var instance) || instance.Record.Version != expectedVersion)
            {
                return Task.FromResult(false);
            }

            instance.Record = instance.Record with { WakeAt = EffectiveWakeAt(instance, wakeAt, inboxSeenUpTo) };
            return Task.FromResult(true);
        }
    }

    /// <summary>The stored version of an instance, or <c>null</c> when it does not exist (the caller holds the lock).</summary>
    private long? StoredVersion(string instanceId) => _instances.TryGetValue(instanceId, out var instance) ? instance.Record.Version : null;

    /// <summary>Every instance's id and stored wake-up (the caller holds the lock).</summary>
    private IEnumerable<(string InstanceId, DateTime? WakeAt)> WakeUps() => _instances.Values.Select(i => (i.Record.InstanceId, i.Record.WakeAt));

    /// <summary>Appends a message as <see cref="StoreRules.DecideAppend"/> decides (the caller holds the lock); an appended one makes the instance due at once.</summary>
    private static InboxAppend Append(Instance? instance, string messageJson, string? sender, long sequence, string? requestId, DateTime receivedAt)
    {
        var lastInboxId = instance?.LastInboxId ?? 0;
        var append = StoreRules.DecideAppend(instance, sender, sequence, requestId, receivedAt, ref lastInboxId);
        if (append.Result == InboxAppendResult.Appended)
        {
            instance!.LastInboxId = lastInboxId;
            instance.Inbox.Add(new InboxEntry(append.EntryId, messageJson, sender, sequence));
            instance.Record = instance.Record with { WakeAt = StoreRules.WakeAtAfterAppend };
        }

        return append;
    }

    /// <summary>Inbox entries the writer does not know of keep an instance due: one appended while an episode ran is not in its commit
    /// (entries are kept in id order, so the last one has the highest id).</summary>
    private static DateTime? EffectiveWakeAt(Instance instance, DateTime? wakeAt, long inboxSeenUpTo) =>
        StoreRules.EffectiveWakeAt(wakeAt, instance.Inbox.Count == 0 ? 0 : instance.Inbox[^1].Id, inboxSeenUpTo);

    /// <summary>A new instance under <paramref name="id"/>, with the request id a purge of an earlier one left (the caller holds the lock).</summary>
    private Instance NewInstance(string id)
    {
        var instance = new Instance();
        if (_purgeRequests.Remove(id, out var kept))
        {
            foreach (var (requestId, receivedAt) in kept)
            {
                instance.Requests[requestId] = receivedAt;
            }
        }

        return instance;
    }

    private sealed class Instance : IInboxReceipts
    {
        public InstanceRecord Record { get; set; } = null!;

        public List<string> History { get; } = [];

        public List<InboxEntry> Inbox { get; } = [];

        // The sets below are created by their first entry: most instances never receive a sequenced message, an event
        // with a request id or an outbox entry, and the store keeps every instance.
        private HashSet<(string Sender, long Sequence)>? _received;
        private Dictionary<string, DateTime>? _requests;
        private SortedDictionary<long, OutboxEntry>? _outbox;

        /// <summary>(sender, sequence) of the sequenced entries in <see cref="Inbox"/>: duplicates found in constant time.</summary>
        public HashSet<(string Sender, long Sequence)> Received => _received ??= [];

        /// <summary>The client request ids received (and not yet pruned), with when each was received.</summary>
        public Dictionary<string, DateTime> Requests => _requests ??= new(StringComparer.Ordinal);

        /// <summary>The request ids, when any was received (a read that creates nothing).</summary>
        public Dictionary<string, DateTime>? KnownRequests => _requests;

        public SortedDictionary<long, OutboxEntry> Outbox => _outbox ??= [];

        /// <summary>The outbox entries in id order (a read that creates nothing).</summary>
        public IEnumerable<OutboxEntry> OutboxEntries => _outbox?.Values ?? Enumerable.Empty<OutboxEntry>();

        public long LastInboxId { get; set; }

        public bool TryRecordSequence(string sender, long sequence) => Received.Add((sender, sequence));

        public bool TryRecordRequest(string requestId, DateTime receivedAt) => Requests.TryAdd(requestId, receivedAt);
    }
}
