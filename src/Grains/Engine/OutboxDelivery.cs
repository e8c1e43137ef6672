using System.Text.Json;
using Microsoft.Extensions.Logging;
using OrleansWorkflows.Runtime;
using OrleansWorkflows.Storage;

namespace OrleansWorkflows.Engine;

/// <summary>
/// A grain's committed outbox and its sending: entries are added as commits succeed (or loaded on activation) and sent per receiver strictly one entry after the other (so they arrive in sequence
/// order), each removed from memory and the store once the receiver acknowledged it. Failed sends are retried with
/// back-off; after ten in a row the receiver is left for the owner's wake-up reminder, which calls <see cref="Resume"/>.
/// </summary>
internal sealed partial class OutboxDelivery(string owner, IOutboxPort port, IWorkflowStore store, OutboxQueue outbox, ILogger logger)
{
    private HashSet<string>? _delivering; // created by the first send: most activations send nothing

    /// <summary>Delivers with <paramref name="send"/>; an answer a receiver returns (a refusal) is applied to the owner by
    /// <paramref name="applyAnswer"/> before the entry is removed.</summary>
    public OutboxDelivery(
        string owner,
        Func<string, WorkflowMessage, Task<WorkflowMessage?>> send,
        Func<WorkflowMessage, Task>? applyAnswer,
        IWorkflowStore store,
        OutboxQueue outbox,
        Func<bool> stopped,
        ILogger logger)
        : this(owner, new DelegatePort(send, applyAnswer, stopped), store, outbox, logger)
    {
    }

    /// <summary>Delivers with <paramref name="send"/>, whose receivers never answer.</summary>
    public OutboxDelivery(string owner, Func<string, WorkflowMessage, Task> send, IWorkflowStore store, OutboxQueue outbox, Func<bool> stopped, ILogger logger)
        : this(owner, async (receiver, message) => { await send(receiver, message); return null; }, null, store, outbox, stopped, logger)
    {
    }

    /// <summary>Committed entries not yet acknowledged by their receivers.</summary>
    public int Count => outbox.Count;

    /// <summary>Adds committed (or loaded) entries; <see cref="Resume"/> sends them.</summary>
    public void Add(IEnumerable<OutboxEntry> entries)
    {
        foreach (var entry in entries)
        {
            outbox[entry.Id] = entry;
        }
    }

    /// <summary>Forgets every entry (the instance was purged).</summary>
    public void Clear() => outbox.Clear();

    /// <summary>Starts a sender for every receiver with entries and no sender running.</summary>
    public void Resume()
    {
        foreach (var receiver in outbox.Receivers.ToList())
        {
            if ((_delivering ??= new(StringComparer.Ordinal)).Add(receiver))
            {
                _ = SendAllAsync(receiver);
            }
        }
    }

    private async Task SendAllAsync(string receiver)
    {
        var delay = TimeSpan.FromMilliseconds(50);
        var failures = 0;
        try
        {
            while (!port.Stopped && outbox.TryPeek(receiver, out var next))
            {
                try
                {
                    var answer = await port.SendAsync(receiver, JsonSerializer.Deserialize<WorkflowMessage>(next.MessageJson, WorkflowJson.Options)!);
                    if (answer is not null)
                    {
                        // Applied (durably) before the entry goes: a crash in between sends it again and gets the answer again.
                        await port.ApplyAnswerAsync(answer);
                    }

                    // Removed from the store before the next entry goes: an acknowledged entry is never re-sent after a
                    // later one (a finished sender's last message lets the receiver forget it; see MessageBookkeeping).
                    await store.RemoveOutboxAsync(owner, [next.Id]);
                    outbox.Remove(next.Id);
                    failures = 0;
                }
                catch (Exception ex) when (++failures <= 10)
                {
                    LogRetry(ex, owner, receiver, failures);
                    await Task.Delay(delay);
                    delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5000));
                }
            }
        }
        catch (Exception ex)
        {
            LogRetry(ex, owner, receiver, -1);
        }
        finally
        {
            _delivering?.Remove(receiver);
        }
    }

    /// <summary>A port made of delegates (tests, and senders that are not workflow grains).</summary>
    private sealed class DelegatePort(Func<string, WorkflowMessage, Task<WorkflowMessage?>> send, Func<WorkflowMessage, Task>? applyAnswer, Func<bool> stopped)
        : IOutboxPort
    {
        public bool Stopped => stopped();

        public Task<WorkflowMessage?> SendAsync(string receiver, WorkflowMessage message) => send(receiver, message);

        public Task ApplyAnswerAsync(WorkflowMessage answer) => applyAnswer?.Invoke(answer) ?? Task.CompletedTask;
    }

    [LoggerMessage(EventId = LogEvents.Delivery.DeliveryRetrying, Level = LogLevel.Debug, Message = "{Owner}: delivery to {Receiver} failed (attempt {Attempt}); retrying")]
    private partial void LogRetry(Exception exception, string owner, string receiver, int attempt);
}
