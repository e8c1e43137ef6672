using OrleansWorkflows.Storage;
using Xunit;

namespace OrleansWorkflows.StorageConformanceTests.GroupCommit;

/// <summary>
/// The group-commit queue both durable backends use: batching (everything waiting, up to the limit, in queue order),
/// answers after the batch, and failure handling (a failed batch fails its own writes; with retry-alone, only the write
/// that fails alone). Each fact runs on both kinds of writer loop: a dedicated thread (SQLite) and async loops (PostgreSQL).
/// </summary>
public sealed class GroupCommitQueueTests
{
    public static TheoryData<bool> Modes() => [true, false];

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task WritesWaitingWhileABatchIsWritten_AreTakenTogether_UpToTheLimit_InQueueOrder(bool onThread)
    {
        using var firstStarted = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var batches = new List<int[]>();
        await using var queue = Create(onThread, maxBatch: 3, batch =>
        {
            lock (batches)
            {
                batches.Add([.. batch.Select(e => e.Value)]);
            }

            firstStarted.Set();
            release.Wait();
            batch.ToList().ForEach(e => e.Result = e.Value * 10);
        });

        var first = Entry(1);
        queue.Enqueue(first);
        Assert.True(firstStarted.Wait(TimeSpan.FromSeconds(30)), "the first write was not taken");
        var rest = Enumerable.Range(2, 5).Select(Entry).ToList();
        rest.ForEach(queue.Enqueue);
        Assert.False(first.Task.IsCompleted, "answered before its batch was written");
        release.Set();

        var results = await Task.WhenAll(rest.Prepend(first).Select(e => e.Task));
        Assert.Equal([10, 20, 30, 40, 50, 60], results);
        Assert.Equal([[1], [2, 3, 4], [5, 6]], batches);
        Assert.Equal(3, queue.Batches);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task AFailureDecidedInTheBatch_FailsOnlyItsWrite(bool onThread)
    {
        await using var queue = Create(onThread, maxBatch: 10, batch =>
        {
            foreach (var entry in batch)
            {
                if (entry.Value == 2)
                {
                    entry.Failure = new ConcurrencyException("conflict");
                }
                else
                {
                    entry.Result = entry.Value;
                }
            }
        });

        var entries = Enumerable.Range(1, 3).Select(Entry).ToList();
        entries.ForEach(queue.Enqueue);
        Assert.Equal(1, await entries[0].Task);
        Assert.Equal("conflict", (await Assert.ThrowsAsync<ConcurrencyException>(() => entries[1].Task)).Message);
        Assert.Equal(3, await entries[2].Task);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task ABatchThatThrows_FailsEveryWriteOfIt_WithItsException(bool onThread)
    {
        using var firstStarted = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var calls = 0;
        await using var queue = Create(onThread, maxBatch: 10, batch =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                firstStarted.Set();
                release.Wait();
                batch.ToList().ForEach(e => e.Result = e.Value);
                return;
            }

            batch.ToList().ForEach(e => e.Result = e.Value);
            throw new InvalidOperationException("the transaction did not commit");
        });

        var first = Entry(1);
        queue.Enqueue(first);
        Assert.True(firstStarted.Wait(TimeSpan.FromSeconds(30)), "the first write was not taken");
        var failing = new[] { Entry(2), Entry(3) };
        Array.ForEach(failing, queue.Enqueue);
        release.Set();

        Assert.Equal(1, await first.Task);
        foreach (var entry in failing)
        {
            Assert.Equal("the transaction did not commit", (await Assert.ThrowsAsync<InvalidOperationException>(() => entry.Task)).Message);
        }

        Assert.Equal(1, queue.Batches);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task WithRetryAlone_AFailedBatchIsWrittenOneWriteAtATime_SoOnlyTheBadWriteFails(bool onThread)
    {
        using var firstStarted = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var batches = new List<int[]>();
        await using var queue = Create(onThread, 10, ex => ex is ArgumentException, batch =>
        {
            lock (batches)
            {
                batches.Add([.. batch.Select(e => e.Value)]);
            }

            if (batches.Count == 1)
            {
                firstStarted.Set();
                release.Wait();
            }

            // A decided outcome that must be forgotten when the batch is retried.
            batch.ToList().ForEach(e => e.Failure = new ConcurrencyException("decided in a rolled-back transaction"));
            if (batch.Any(e => e.Value == 3))
            {
                throw new ArgumentException("bad write");
            }

            batch.ToList().ForEach(e => (e.Failure, e.Result) = (null, e.Value));
        });

        var first = Entry(1);
        queue.Enqueue(first);
        Assert.True(firstStarted.Wait(TimeSpan.FromSeconds(30)), "the first write was not taken");
        var rest = new[] { Entry(2), Entry(3), Entry(4) };
        Array.ForEach(rest, queue.Enqueue);
        release.Set();

        Assert.Equal(1, await first.Task);
        Assert.Equal(2, await rest[0].Task);
        Assert.Equal("bad write", (await Assert.ThrowsAsync<ArgumentException>(() => rest[1].Task)).Message);
        Assert.Equal(4, await rest[2].Task);
        Assert.Equal([[1], [2, 3, 4], [2], [3], [4]], batches);
        Assert.Equal(3, rest.Count(e => e.Resets == 1));
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Dispose_WritesWhatIsQueued_ThenRefusesNewWrites(bool onThread)
    {
        using var firstStarted = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var queue = Create(onThread, maxBatch: 10, batch =>
        {
            firstStarted.Set();
            release.Wait();
            batch.ToList().ForEach(e => e.Result = e.Value);
        });

        var entries = new[] { Entry(1), Entry(2) };
        queue.Enqueue(entries[0]);
        Assert.True(firstStarted.Wait(TimeSpan.FromSeconds(30)), "the first write was not taken");
        queue.Enqueue(entries[1]);
        var disposed = Task.Run(async () => await queue.DisposeAsync());
        release.Set();
        await disposed;

        var results = await Task.WhenAll(entries.Select(e => e.Task));
        Assert.Equal([1, 2], results);
        var refused = Assert.Throws<ObjectDisposedException>(() => queue.Enqueue(Entry(3)));
        Assert.Contains("The test store is closed.", refused.Message, StringComparison.Ordinal);
    }

    private static TestEntry Entry(int value) => new(value);

    private static GroupCommitQueue<TestEntry> Create(bool onThread, int maxBatch, Action<IReadOnlyList<TestEntry>> write) => Create(onThread, maxBatch, null, write);

    private static GroupCommitQueue<TestEntry> Create(bool onThread, int maxBatch, Func<Exception, bool>? retryAlone, Action<IReadOnlyList<TestEntry>> write)
    {
        var options = new GroupCommitOptions { MaxBatch = maxBatch, Name = "test store", RetryAlone = retryAlone };
        return onThread
            ? new GroupCommitQueue<TestEntry>(options, write)
            : new GroupCommitQueue<TestEntry>(options, async batch =>
            {
                await Task.Yield();
                write(batch);
            });
    }

    private sealed class TestEntry(int value) : GroupCommitEntry<int>
    {
        public int Value { get; } = value;

        public int Resets { get; private set; }

        public override void Reset()
        {
            Resets++;
            base.Reset();
        }
    }
}
