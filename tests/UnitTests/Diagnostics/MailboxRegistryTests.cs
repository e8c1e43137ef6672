using Microsoft.Extensions.Logging.Abstractions;
using OrleansWorkflows.Diagnostics;
using OrleansWorkflows.Engine;
using OrleansWorkflows.Storage;
using Xunit;

namespace OrleansWorkflows.UnitTests.Diagnostics;

/// <summary>
/// The registry the backlog gauges read: it sums the inbox and outbox entries of the mailboxes registered now, by kind;
/// a removed mailbox no longer counts, a second removal changes nothing, and registrations and removals from many
/// threads at once leave it exact. (Each test uses its own registry: the process's one sees every activation.)
/// </summary>
public sealed class MailboxRegistryTests
{
    private readonly InMemoryWorkflowStore _store = new();

    [Fact]
    public void Sum_CountsRegisteredMailboxesByKind_UntilRemoved()
    {
        var registry = new MailboxRegistry();
        var a = registry.Add(Inbox(3), Outbox(1), entity: false);
        var b = registry.Add(Inbox(2), Outbox(0), entity: false);
        var e = registry.Add(Inbox(5), Outbox(4), entity: true);

        Assert.Equal((5L, 5L), registry.Sum(inbox: true));
        Assert.Equal((1L, 4L), registry.Sum(inbox: false));
        Assert.Equal(3, registry.Count);

        registry.Remove(a);
        Assert.Equal((2L, 5L), registry.Sum(inbox: true));
        Assert.Equal((0L, 4L), registry.Sum(inbox: false));

        registry.Remove(a); // a second removal (a failed activation then its deactivation) changes nothing
        registry.Remove(null);
        Assert.Equal(2, registry.Count);
        Assert.Equal((2L, 5L), registry.Sum(inbox: true));

        registry.Remove(e);
        registry.Remove(b);
        Assert.Equal(0, registry.Count);
        Assert.Equal((0L, 0L), registry.Sum(inbox: true));
        Assert.Equal((0L, 0L), registry.Sum(inbox: false));
    }

    [Fact]
    public void Sum_ReadsTheMailboxesAsTheyAreNow()
    {
        var registry = new MailboxRegistry();
        var inbox = Inbox(1);
        registry.Add(inbox, Outbox(0), entity: false);

        inbox.Load([Entry(100), Entry(101)]);
        Assert.Equal((3L, 0L), registry.Sum(inbox: true));

        inbox.Clear();
        Assert.Equal((0L, 0L), registry.Sum(inbox: true));
    }

    [Fact]
    public async Task AddsAndRemovesFromManyThreads_LeaveItExact()
    {
        var registry = new MailboxRegistry();
        var kept = registry.Add(Inbox(7), Outbox(2), entity: true);
        var inbox = Inbox(1);
        var outbox = Outbox(1);
        using var readers = new CancellationTokenSource();
        var reader = Task.Run(() =>
        {
            while (!readers.IsCancellationRequested)
            {
                var (orchestrations, entities) = registry.Sum(inbox: true);
                Assert.Equal(7, entities);
                Assert.InRange(orchestrations, 0, 4 * 64);
            }
        });

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            var held = new Queue<MailboxRegistry.Registration>();
            for (var i = 0; i < 20_000; i++)
            {
                held.Enqueue(registry.Add(inbox, outbox, entity: false));
                if (held.Count > 63)
                {
                    registry.Remove(held.Dequeue());
                }
            }

            while (held.TryDequeue(out var registration))
            {
                registry.Remove(registration);
            }
        })));
        await readers.CancelAsync();
        await reader;

        Assert.Equal(1, registry.Count);
        Assert.Equal((0L, 7L), registry.Sum(inbox: true));
        Assert.Equal((0L, 2L), registry.Sum(inbox: false));
        registry.Remove(kept);
        Assert.Equal(0, registry.Count);
    }

    private static InboxEntry Entry(long id) => new(id, "{}", null, id);

    private DurableInbox Inbox(int entries)
    {
        var inbox = new DurableInbox("owner", _store, () => DateTime.UtcNow);
        inbox.Load([.. Enumerable.Range(1, entries).Select(i => Entry(i))]);
        return inbox;
    }

    private OutboxDelivery Outbox(int entries)
    {
        var delivery = new OutboxDelivery("owner", (_, _) => Task.CompletedTask, _store, new OutboxQueue(), () => false, NullLogger.Instance);
        delivery.Add(Enumerable.Range(1, entries).Select(i => new OutboxEntry(i, $"r{i}", "{}")));
        return delivery;
    }
}
