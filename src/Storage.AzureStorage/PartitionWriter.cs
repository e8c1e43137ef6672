using System.Collections.Concurrent;

namespace OrleansWorkflows.Storage.AzureStorage;

/// <summary>
/// Group commit for Azure Tables, where a transaction spans one partition: every write of an instance (commits, inbox
/// appends, outbox removals, wake-up changes, purges) queues on that instance's lane, and one drain per lane takes every
/// write waiting and hands them to the round writer, which applies as many as fit in one entity-group transaction and
/// returns how many it took (the rest wait for the next round). Lanes of different instances drain in parallel, on the
/// thread pool (never on the caller's scheduler). A purge is always a round of its own.
/// </summary>
/// <param name="writeRound">Writes one round of an instance's writes, answers them, and returns how many it took (at least one).</param>
internal sealed class PartitionWriter(Func<string, IReadOnlyList<GroupCommitEntry>, Task<int>> writeRound)
{
    /// <summary>The most writes offered to one round.</summary>
    public const int MaxRoundWrites = 64;

    private readonly ConcurrentDictionary<string, Lane> _lanes = new(StringComparer.Ordinal);

    /// <summary>Queues <paramref name="entry"/> on the lane of <paramref name="instanceId"/>.</summary>
    public Task<T> EnqueueAsync<T>(string instanceId, GroupCommitEntry<T> entry)
    {
        while (true)
        {
            var lane = _lanes.GetOrAdd(instanceId, _ => new Lane());
            lock (lane)
            {
                if (lane.Retired)
                {
                    continue;
                }

                lane.Pending.Add(entry);
                if (!lane.Draining)
                {
                    lane.Draining = true;
                    _ = Task.Run(() => DrainAsync(instanceId, lane));
                }
            }

            return entry.Task;
        }
    }

    private async Task DrainAsync(string instanceId, Lane lane)
    {
        while (true)
        {
            List<GroupCommitEntry> round;
            lock (lane)
            {
                if (lane.Pending.Count == 0)
                {
                    lane.Draining = false;
                    lane.Retired = true;
                    _lanes.TryRemove(new KeyValuePair<string, Lane>(instanceId, lane));
                    return;
                }

                round = Take(lane.Pending);
            }

            int taken;
            try
            {
                taken = Math.Max(1, await writeRound(instanceId, round));
            }
            catch (Exception ex)
            {
                round.ForEach(e => e.Fail(ex));
                continue;
            }

            if (taken < round.Count)
            {
                lock (lane)
                {
                    lane.Pending.InsertRange(0, round.Skip(taken));
                }
            }
        }
    }

    private static List<GroupCommitEntry> Take(List<GroupCommitEntry> pending)
    {
        var count = pending[0] is PurgeWrite ? 1 : pending.Take(MaxRoundWrites).TakeWhile(e => e is not PurgeWrite).Count();
        var round = pending.GetRange(0, count);
        pending.RemoveRange(0, count);
        return round;
    }

    private sealed class Lane
    {
        public List<GroupCommitEntry> Pending { get; } = [];

        public bool Draining { get; set; }

        public bool Retired { get; set; }
    }
}
