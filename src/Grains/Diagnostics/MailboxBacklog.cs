using System.Diagnostics.Metrics;
using OrleansWorkflows.Engine;

namespace OrleansWorkflows.Diagnostics;

/// <summary>
/// The mailboxes of this process's activations, for the backlog gauges of <see cref="WorkflowMetrics"/>: an activation
/// registers its inbox and outbox once it starts loading and unregisters when it deactivates (or its activation fails); a
/// reader sums their counts when it collects. Only while a listener observes the gauges: with none (the usual silo
/// without a metrics exporter) an activation costs nothing here; activations already active when a listener subscribes
/// are counted from their next activation.
/// </summary>
internal static class MailboxBacklog
{
    /// <summary>The process's registry (the one the gauges read).</summary>
    public static MailboxRegistry Registry { get; } = new();

    /// <summary>Counts this mailbox in the gauges until <see cref="Unregister"/>; <c>null</c> (nothing to undo) while
    /// nobody observes the gauges.</summary>
    public static MailboxRegistry.Registration? Register(DurableInbox inbox, OutboxDelivery outbox, bool entity) =>
        WorkflowMetrics.InboxBacklog.Enabled || WorkflowMetrics.OutboxBacklog.Enabled ? Registry.Add(inbox, outbox, entity) : null;

    /// <summary>Stops counting a mailbox (nothing for <c>null</c>, nothing a second time).</summary>
    public static void Unregister(MailboxRegistry.Registration? registration) => Registry.Remove(registration);

    public static IEnumerable<Measurement<long>> Inbox() => Measure(Registry.Sum(inbox: true));

    public static IEnumerable<Measurement<long>> Outbox() => Measure(Registry.Sum(inbox: false));

    private static Measurement<long>[] Measure((long Orchestrations, long Entities) sum) =>
    [
        new(sum.Orchestrations, new KeyValuePair<string, object?>(WorkflowMetrics.KindTag, "orchestration")),
        new(sum.Entities, new KeyValuePair<string, object?>(WorkflowMetrics.KindTag, "entity")),
    ];
}
