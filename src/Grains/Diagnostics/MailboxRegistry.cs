using OrleansWorkflows.Engine;

namespace OrleansWorkflows.Diagnostics;

/// <summary>
/// A set of mailboxes to sum: doubly linked lists of registrations, each behind a short lock. Adding and removing are
/// O(1), allocate one small node and hash nothing. (It replaced a <c>ConditionalWeakTable</c> keyed by the grain, whose
/// every add took its lock, hashed the grain and made a dependent GC handle the collector scans, and whose removed
/// entries lingered until the table was rebuilt.) A registration is held strongly, so its owner must remove it: both
/// workflow grains do when they deactivate and when their activation fails.
/// </summary>
internal sealed class MailboxRegistry
{
    /// <summary>Lists, each behind its own lock, picked by the registering thread: two threads rarely wait for each
    /// other, even when one is preempted holding a lock (a loaded machine showed the single lock contended).</summary>
    private const int Stripes = 8;

    private readonly Stripe[] _stripes = [.. Enumerable.Range(0, Stripes).Select(_ => new Stripe())];

    /// <summary>Mailboxes registered now.</summary>
    public int Count
    {
        get
        {
            var count = 0;
            foreach (var stripe in _stripes)
            {
                lock (stripe.Gate)
                {
                    count += stripe.Count;
                }
            }

            return count;
        }
    }

    /// <summary>Registers a mailbox.</summary>
    public Registration Add(DurableInbox inbox, OutboxDelivery outbox, bool entity)
    {
        var stripe = _stripes[Environment.CurrentManagedThreadId & (Stripes - 1)];
        var registration = new Registration(inbox, outbox, entity, stripe);
        lock (stripe.Gate)
        {
            registration.Next = stripe.Head;
            if (stripe.Head is not null)
            {
                stripe.Head.Previous = registration;
            }

            stripe.Head = registration;
            stripe.Count++;
        }

        return registration;
    }

    /// <summary>Unregisters a mailbox; a second removal (or <c>null</c>) does nothing.</summary>
    public void Remove(Registration? registration)
    {
        if (registration is null)
        {
            return;
        }

        var stripe = registration.Stripe;
        lock (stripe.Gate)
        {
            if (registration.Removed)
            {
                return;
            }

            registration.Removed = true;
            if (registration.Previous is { } previous)
            {
                previous.Next = registration.Next;
            }
            else
            {
                stripe.Head = registration.Next;
            }

            if (registration.Next is { } next)
            {
                next.Previous = registration.Previous;
            }

            registration.Next = registration.Previous = null;
            stripe.Count--;
        }
    }

    /// <summary>The inbox (or outbox) entries held by the registered orchestrations and entities.</summary>
    public (long Orchestrations, long Entities) Sum(bool inbox)
    {
        long orchestrations = 0, entities = 0;
        foreach (var stripe in _stripes)
        {
            lock (stripe.Gate)
            {
                for (var r = stripe.Head; r is not null; r = r.Next)
                {
                    // Read without the grain's lock: a gauge may be a message off, never wrong for long.
                    var count = inbox ? r.Inbox.Count : r.Outbox.Count;
                    if (r.Entity)
                    {
                        entities += count;
                    }
                    else
                    {
                        orchestrations += count;
                    }
                }
            }
        }

        return (orchestrations, entities);
    }

    /// <summary>One registered mailbox (its owner keeps it to unregister).</summary>
    internal sealed class Registration(DurableInbox inbox, OutboxDelivery outbox, bool entity, Stripe stripe)
    {
        public DurableInbox Inbox { get; } = inbox;

        public OutboxDelivery Outbox { get; } = outbox;

        public bool Entity { get; } = entity;

        internal Stripe Stripe { get; } = stripe;

        internal Registration? Previous { get; set; }

        internal Registration? Next { get; set; }

        internal bool Removed { get; set; }
    }

    /// <summary>One list of registrations and its lock.</summary>
    internal sealed class Stripe
    {
        public Lock Gate { get; } = new();

        public Registration? Head { get; set; }

        public int Count { get; set; }
    }
}
