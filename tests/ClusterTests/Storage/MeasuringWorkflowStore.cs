using System.Collections.Concurrent;
using System.Text;
using OrleansWorkflows.Storage;

namespace OrleansWorkflows.ClusterTests.Storage;

/// <summary>
/// A workflow store that passes everything to another and records, per instance, the payload bytes of each successful
/// commit as written: the appended history events, the status record's variable fields (input, output, custom status,
/// engine bookkeeping, names and ids) and the inbox and outbox entries added.
/// </summary>
internal sealed class MeasuringWorkflowStore(IWorkflowStore inner) : IWorkflowStore
{
    private readonly ConcurrentDictionary<string, List<int>> _commits = new(StringComparer.Ordinal);

    /// <summary>The bytes of each committed episode of <paramref name="instanceId"/>, in commit order.</summary>
    public IReadOnlyList<int> EpisodeBytes(string instanceId)
    {
        var list = _commits.GetValueOrDefault(instanceId) ?? [];
        lock (list)
        {
            return [.. list];
        }
    }

    public static int Bytes(InstanceCommit commit)
    {
        var record = commit.Record;
        string?[] texts =
        [
            record.InstanceId, record.Name, record.ExecutionId, record.Input, record.Output, record.CustomStatus,
            record.ParentInstanceId, record.EngineState,
            .. commit.AppendHistory, .. commit.AddInbox, .. commit.AddOutbox.SelectMany(o => new[] { o.Receiver, o.MessageJson }),
        ];
        return texts.Sum(t => t is null ? 0 : Encoding.UTF8.GetByteCount(t));
    }

    public async Task<long> CommitAsync(InstanceCommit commit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commit);
        var version = await inner.CommitAsync(commit, cancellationToken);
        var list = _commits.GetOrAdd(commit.Record.InstanceId, _ => []);
        lock (list)
        {
            list.Add(Bytes(commit));
        }

        return version;
    }

    public Task<InstanceSnapshot?> LoadAsync(string instanceId, CancellationToken cancellationToken = default) => inner.LoadAsync(instanceId, cancellationToken);

    public Task<InstanceRecord?> GetRecordAsync(string instanceId, CancellationToken cancellationToken = default) => inner.GetRecordAsync(instanceId, cancellationToken);

    public Task<IReadOnlyList<string>> ReadHistoryAsync(string instanceId, int skip = 0, int take = int.MaxValue, CancellationToken cancellationToken = default) =>
        inner.ReadHistoryAsync(instanceId, skip, take, cancellationToken);

    public Task<InstancePage> QueryAsync(InstanceQuery query, CancellationToken cancellationToken = default) => inner.QueryAsync(query, cancellationToken);

    public Task<bool> PurgeAsync(string instanceId, long expectedVersion, CancellationToken cancellationToken = default) =>
        inner.PurgeAsync(instanceId, expectedVersion, cancellationToken);

    public Task<InboxAppend> AppendRequestAsync(string instanceId, string messageJson, string requestId, DateTime receivedAt, CancellationToken cancellationToken = default) =>
        inner.AppendRequestAsync(instanceId, messageJson, requestId, receivedAt, cancellationToken);

    public Task<bool> HasRequestAsync(string instanceId, string requestId, CancellationToken cancellationToken = default) =>
        inner.HasRequestAsync(instanceId, requestId, cancellationToken);

    public Task<int> PruneRequestsAsync(DateTime receivedBefore, int max, CancellationToken cancellationToken = default) =>
        inner.PruneRequestsAsync(receivedBefore, max, cancellationToken);

    public Task<InboxAppend> AppendInboxAsync(string instanceId, string messageJson, string? sender, long sequence, CancellationToken cancellationToken = default) =>
        inner.AppendInboxAsync(instanceId, messageJson, sender, sequence, cancellationToken);

    public Task RemoveOutboxAsync(string instanceId, IReadOnlyCollection<long> outboxIds, CancellationToken cancellationToken = default) =>
        inner.RemoveOutboxAsync(instanceId, outboxIds, cancellationToken);
}
