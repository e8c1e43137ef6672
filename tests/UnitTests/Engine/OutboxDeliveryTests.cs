using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansWorkflows.Engine;
using OrleansWorkflows.Runtime;
using OrleansWorkflows.Storage;
using Xunit;

namespace OrleansWorkflows.UnitTests.Engine;

/// <summary>
/// Outbox delivery sends each receiver's entries in order, one at a time, and finds a receiver's next entry without
/// scanning the whole outbox: a wide fan-out (one message to each of many receivers, all in flight at once) is
/// delivered in time linear in its width.
/// </summary>
public sealed class OutboxDeliveryTests
{
    [Fact]
    public async Task EachReceiversEntries_AreSentInOrder_OneAtATime()
    {
        var outbox = new OutboxQueue();
        for (var id = 1; id <= 9; id++)
        {
            outbox[id] = Entry(id, $"r{id % 3}");
        }

        var sent = new List<(string Receiver, long Id)>();
        var inFlight = new HashSet<string>();
        var delivery = new OutboxDelivery("owner", async (receiver, message) =>
        {
            Assert.True(inFlight.Add(receiver), $"two entries to {receiver} in flight at once");
            await Task.Yield();
            lock (sent)
            {
                sent.Add((receiver, message.Sequence));
            }

            inFlight.Remove(receiver);
        }, new InMemoryWorkflowStore(), outbox, () => false, NullLogger.Instance);

        await RunOnOneThreadAsync(delivery.Resume, () => outbox.Count == 0);

        foreach (var receiver in new[] { "r0", "r1", "r2" })
        {
            var ids = sent.Where(s => s.Receiver == receiver).Select(s => s.Id).ToList();
            Assert.Equal(ids.Order(), ids);
            Assert.Equal(3, ids.Count);
        }
    }

    [Fact]
    public async Task WideFanOut_OfTwentyThousandReceivers_IsDeliveredWithoutQuadraticScans()
    {
        const int Width = 20_000;
        var outbox = new OutboxQueue();
        for (var id = 1; id <= Width; id++)
        {
            outbox[id] = Entry(id, $"child-{id:D5}");
        }

        // Every send completes later (as a grain call does), so every receiver's sender is waiting at once and each
        // looks for its receiver's next entry after its send.
        var delivered = 0;
        var delivery = new OutboxDelivery("parent", async (_, _) =>
        {
            await Task.Yield();
            delivered++;
        }, new InMemoryWorkflowStore(), outbox, () => false, NullLogger.Instance);

        await RunOnOneThreadAsync(delivery.Resume, () => outbox.Count == 0);

        Assert.Equal(Width, delivered);

        // Linear: a few entries looked at per sent entry. A scan of the outbox per sent entry looks at ~Width^2 / 2.
        Assert.True(outbox.EntriesExamined <= 2L * Width, $"delivering {Width} entries examined {outbox.EntriesExamined} outbox entries");
    }

    private static OutboxEntry Entry(long id, string receiver) =>
        new(id, receiver, JsonSerializer.Serialize(new WorkflowMessage { Kind = WorkflowMessageKind.EventRaised, Name = "e", Sequence = id }, WorkflowJson.Options));

    /// <summary>Runs <paramref name="start"/> and its continuations on one thread (as a grain's turns run) until <paramref name="done"/>.</summary>
    private static Task RunOnOneThreadAsync(Action start, Func<bool> done) =>
        Task.Factory.StartNew(
            async () =>
            {
                start();
                while (!done())
                {
                    await Task.Yield();
                }
            },
            CancellationToken.None,
            TaskCreationOptions.None,
            new ConcurrentExclusiveSchedulerPair().ExclusiveScheduler).Unwrap();
}
