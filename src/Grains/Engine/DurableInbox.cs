using System.Text.Json;
using OrleansWorkflows.Runtime;
using OrleansWorkflows.Storage;

namespace OrleansWorkflows.Engine;

/// <summary>
/// The received side of a workflow grain's mailbox (orchestrations and entities alike): the inbox entries this activation
/// holds (loaded on activation, appended durably as messages arrive, removed when a commit consumed them) and the highest
/// entry id it knows of (what a wake-up write tells the store it has decided about). The dedupe watermarks live in the
/// grain's <see cref="MessageBookkeeping"/>, committed with what the messages caused.
/// </summary>
/// <param name="owner">The grain's instance id in the store.</param>
/// <param name="store">The workflow store.</param>
/// <param name="now">The engine clock (a client request's time, for the request-id window).</param>
internal sealed class DurableInbox(string owner, IWorkflowStore store, Func<DateTime> now)
{
    /// <summary>Entries read back by the last <see cref="Reload"/> (an append that raced the read adds nothing twice).</summary>
    private HashSet<long>? _reloaded; // only after a continue-as-new reload

    /// <summary>The entries held, in store order (the grain may set some aside and put them back).</summary>
    public List<InboxEntry> Entries { get; } = [];

    public int Count => Entries.Count;

    /// <summary>The highest inbox entry id this activation knows of (loaded or appended by it).</summary>
    public long Seen { get; private set; }

    /// <summary>Appends under way: the store may hold their entries before this inbox does.</summary>
    public int Appending { get; private set; }

    /// <summary>Entries taken from the store by <see cref="Recover"/> (an append of this activation that raced the read
    /// adds nothing twice).</summary>
    private HashSet<long>? _recovered;

    /// <summary>Takes the entries a load found.</summary>
    public void Load(IReadOnlyList<InboxEntry> entries)
    {
        Entries.AddRange(entries);
        See(entries);
    }

    /// <summary>
    /// Durably appends <paramref name="message"/> (a client request — <paramref name="requestId"/> not <c>null</c> — goes in
    /// once: the store drops a repeat of a request id it remembers) and holds the new entry. Returns the store's answer and
    /// whether an entry was added to <see cref="Entries"/>.
    /// </summary>
    public async Task<(InboxAppendResult Result, bool Added)> AppendAsync(WorkflowMessage message, string? sender, long sequence, string? requestId)
    {
        var json = JsonSerializer.Serialize(message, WorkflowJson.Options);
        InboxAppend appended;
        Appending++;
        try
        {
            appended = requestId is null
                ? await store.AppendInboxAsync(owner, json, sender, sequence)
                : await store.AppendRequestAsync(owner, json, requestId, now());
        }
        finally
        {
            Appending--;
        }

        if (appended.Result != InboxAppendResult.Appended || _reloaded?.Contains(appended.EntryId) == true || _recovered?.Contains(appended.EntryId) == true)
        {
            return (appended.Result, false);
        }

        Entries.Add(new InboxEntry(appended.EntryId, json, sender, sequence));
        Seen = Math.Max(Seen, appended.EntryId);
        return (appended.Result, true);
    }

    /// <summary>Drops entries (a commit consumed them, or the grain sets them aside).</summary>
    public void Remove(IReadOnlySet<long> consumed) => Entries.RemoveAll(e => consumed.Contains(e.Id));

    /// <summary>
    /// Adds the entries a commit put in the inbox (their ids assigned by the store), read back from it, to those held,
    /// keeping entries appended meanwhile, in store order.
    /// </summary>
    public void Reload(IReadOnlyList<InboxEntry> stored)
    {
        var known = Entries.Select(e => e.Id).ToHashSet();
        Entries.AddRange(stored.Where(e => !known.Contains(e.Id)));
        Entries.Sort((a, b) => a.Id.CompareTo(b.Id));
        _reloaded = [.. stored.Select(e => e.Id)];
        See(stored);
    }

    /// <summary>
    /// Adds entries the store holds that this activation never received (another activation of the grain appended them),
    /// in store order; an append of this activation among them, still under way, adds nothing when it returns.
    /// </summary>
    public void Recover(IReadOnlyList<InboxEntry> entries)
    {
        (_recovered ??= []).UnionWith(entries.Select(e => e.Id));
        Entries.AddRange(entries);
        Entries.Sort((a, b) => a.Id.CompareTo(b.Id));
        See(entries);
    }

    public void Clear() => Entries.Clear();

    private void See(IEnumerable<InboxEntry> entries)
    {
        foreach (var entry in entries)
        {
            Seen = Math.Max(Seen, entry.Id);
        }
    }
}
