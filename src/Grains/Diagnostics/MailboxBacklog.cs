using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using OrleansWorkflows.Engine;

namespace OrleansWorkflows.Diagnostics;

/// <summary>
/// The mailboxes of this process's activations, for the backlog gauges of <see cref="WorkflowMetrics"/>: an activation
/// registers its inbox and outbox once loaded and unregisters when it deactivates; a reader sums their counts when it
/// collects. Held weakly, so an activation that never unregistered (its activation failed half-way) is not kept alive.
/// Only while a listener observes the gauges: with none (the usual silo without a metrics exporter) an activation costs
/// nothing here; activations already active when a listener subscribes are counted from their next activation.
/// </summary>
internal static class MailboxBacklog
{
    private static readonly ConditionalWeakTable<object, Mailbox> Mailboxes = new();

    /// <summary>Counts <paramref name="owner"/>'s mailbox in the gauges until <see cref="Unregister"/>.</summary>
    public static void Register(object owner, DurableInbox inbox, OutboxDelivery outbox, bool entity)
    {
        if (WorkflowMetrics.InboxBacklog.Enabled || WorkflowMetrics.OutboxBacklog.Enabled)
        {
            Mailboxes.AddOrUpdate(owner, new Mailbox(inbox, outbox, entity));
        }
    }

    /// <summary>Stops counting <paramref name="owner"/>'s mailbox.</summary>
    public static void Unregister(object owner)
    {
        if (Mailboxes.TryGetValue(owner, out _))
        {
            Mailboxes.Remove(owner);
        }
    }

    public static IEnumerable<Measurement<long>> Inbox() => Sum(m => m.Inbox.Count);

    public static IEnumerable<Measurement<long>> Outbox() => Sum(m => m.Outbox.Count);

    private static Measurement<long>[] Sum(Func<Mailbox, int> count)
    {
        long orchestrations = 0, entities = 0;
        foreach (var (_, mailbox) in Mailboxes)
        {
            // Read without the grain's lock: a gauge may be a message off, never wrong for long.
            if (mailbox.Entity)
            {
                entities += count(mailbox);
            }
            else
            {
                orchestrations += count(mailbox);
            }
        }

        return
        [
            new(orchestrations, new KeyValuePair<string, object?>(WorkflowMetrics.KindTag, "orchestration")),
            new(entities, new KeyValuePair<string, object?>(WorkflowMetrics.KindTag, "entity")),
        ];
    }

    private sealed record Mailbox(DurableInbox Inbox, OutboxDelivery Outbox, bool Entity);
}
