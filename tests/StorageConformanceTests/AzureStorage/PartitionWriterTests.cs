using System.Collections.Concurrent;
using OrleansWorkflows.Storage;
using OrleansWorkflows.Storage.AzureStorage;
using Xunit;

namespace OrleansWorkflows.StorageConformanceTests.AzureStorage;

/// <summary>Group commit per partition: one lane per instance, every write waiting in one round, lanes in parallel.</summary>
public sealed class PartitionWriterTests
{
    [Fact]
    public async Task WritesWaitingOnALane_GoInOneRound_InOrder_WhileOtherLanesRunInParallel()
    {
        var rounds = new ConcurrentQueue<(string Instance, long[] Versions)>();
        var firstRoundOfA = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writer = new PartitionWriter(async (instance, writes) =>
        {
            rounds.Enqueue((instance, [.. writes.Cast<CommitWrite>().Select(w => w.Commit.ExpectedVersion)]));
            if (instance == "a" && firstRoundOfA.TrySetResult())
            {
                await release.Task;
            }

            foreach (var write in writes.Cast<CommitWrite>())
            {
                write.Result = write.Commit.ExpectedVersion + 1;
                write.Complete();
            }

            return writes.Count;
        });

        var first = writer.EnqueueAsync("a", Commit("a", 0));
        await firstRoundOfA.Task;
        var waiting = Enumerable.Range(1, 5).Select(v => writer.EnqueueAsync("a", Commit("a", v))).ToList();
        Assert.Equal(1, await writer.EnqueueAsync("b", Commit("b", 0)));
        release.SetResult();

        Assert.Equal(1, await first);
        var answers = await Task.WhenAll(waiting);
        Assert.Equal([2L, 3, 4, 5, 6], answers);
        Assert.Equal([[0L], [1L, 2, 3, 4, 5]], rounds.Where(r => r.Instance == "a").Select(r => r.Versions));
    }

    [Fact]
    public async Task APurge_IsARoundOfItsOwn_AndARoundTakesOnlyWhatFits()
    {
        var rounds = new ConcurrentQueue<int>();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writer = new PartitionWriter(async (_, writes) =>
        {
            started.TrySetResult();
            await gate.Task;
            var taken = Math.Min(2, writes.Count);
            rounds.Enqueue(taken);
            foreach (var write in writes.Take(taken))
            {
                write.Complete();
            }

            return taken;
        });

        var blocker = writer.EnqueueAsync("a", new SetWakeWrite(1, null, 0));
        await started.Task;
        var before = Enumerable.Range(0, 3).Select(_ => writer.EnqueueAsync("a", new SetWakeWrite(1, null, 0))).ToList();
        var purge = writer.EnqueueAsync("a", new PurgeWrite(1, null, default));
        var after = writer.EnqueueAsync("a", new SetWakeWrite(1, null, 0));
        gate.SetResult();
        await Task.WhenAll([blocker, .. before, purge, after]);

        Assert.Equal([1, 2, 1, 1, 1], rounds);
    }

    private static CommitWrite Commit(string id, long expected) => new(new InstanceCommit
    {
        Record = new InstanceRecord { InstanceId = id, Name = "O", ExecutionId = "e", Status = OrchestrationRuntimeStatus.Running },
        ExpectedVersion = expected,
    });
}
