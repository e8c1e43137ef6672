using System.Collections.Concurrent;
using System.Text;
using OrleansWorkflows.Storage;

namespace OrleansWorkflows.ClusterTests.Storage;

/// <summary>
/// A workflow store that passes everything to another and records, per instance, the payload bytes of each successful
/// commit as written: the appended history events, the status record's variable fields (input, output, custom status,
/// engine bookkeeping, names and ids) and the inbox and outbox entries added.
/// </summary>
internal sealed class MeasuringWorkflowStore(IWorkflowStore inner) : ForwardingWorkflowStore(inner)
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

    public override async Task<long> CommitAsync(InstanceCommit commit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commit);
        var version = await Inner.CommitAsync(commit, cancellationToken);
        var list = _commits.GetOrAdd(commit.Record.InstanceId, _ => []);
        lock (list)
        {
            list.Add(Bytes(commit));
        }

        return version;
    }
}
