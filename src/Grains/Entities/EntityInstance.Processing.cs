using System.Text.Json;
using OrleansWorkflows.Runtime;
using OrleansWorkflows.Storage;

namespace OrleansWorkflows.Entities;

internal sealed partial class EntityInstance
{
    /// <summary>The most inbox messages applied by one commit.</summary>
    private const int MaxBatch = 500;

    /// <summary>
    /// Applies runnable inbox messages in arrival order, one operation at a time, and commits them with the new state,
    /// the watermarks and the outgoing messages in one write. While an orchestration holds the lock, other senders'
    /// messages stay queued: they are set aside (<see cref="_blocked"/>) and not read again until the lock is released,
    /// when the scan restarts from the oldest queued message. Returns false when nothing was runnable.
    /// </summary>
    private async Task<bool> RunBatchAsync()
    {
        _operationSpans?.Clear(); // spans of a batch whose commit failed are not written
        var state = _state.Clone();
        state.ForgetRetired(Now - _options.RequestIdWindow);
        var stateJson = _record!.Input;
        var consumed = new HashSet<long>();
        var outbox = new List<OutboxEntry>();
        var skipped = new List<(InboxEntry Entry, string Owner)>();
        var progress = true;
        while (progress && consumed.Count < MaxBatch)
        {
            progress = false;
            if (_blocked.Count > 0 && state.LockOwner != _blockedBy)
            {
                RestoreBlocked(); // released within this batch: the set-aside messages are the oldest again
            }

            foreach (var entry in _inbox.Entries.ToList())
            {
                if (consumed.Contains(entry.Id))
                {
                    continue;
                }

                var message = JsonSerializer.Deserialize<WorkflowMessage>(entry.MessageJson, WorkflowJson.Options)!;
                _counters?.InboxEntryRead(Key);
                if (state.LockOwner is { } owner && message.Sender != owner)
                {
                    skipped.Add((entry, owner));
                    continue;
                }

                consumed.Add(entry.Id);
                progress = true;
                if (entry.Sender is { } sender && !state.MarkApplied(sender, entry.Sequence))
                {
                    continue; // applied before: a re-delivery that raced the first copy's commit
                }

                if (message.Kind == WorkflowMessageKind.SenderFinished)
                {
                    state.Retire(entry.Sender!, entry.Sequence, Now); // nothing older from it can be waiting: all came before
                    continue;
                }

                var wasLocked = state.LockOwner is not null;
                stateJson = await ApplyAsync(message, stateJson, state, outbox);
                if ((wasLocked && state.LockOwner is null) || consumed.Count >= MaxBatch)
                {
                    break;
                }
            }
        }

        if (consumed.Count == 0)
        {
            SetAsideBlocked(skipped, consumed);
            if (_checkStore)
            {
                _checkStore = false;
                return await CheckAgainstStoreAsync() && !_pump.Broken; // entries taken in: run them
            }

            return false;
        }

        await CommitAsync(stateJson, state, consumed, outbox);
        WriteOperationSpans();
        SetAsideBlocked(skipped, consumed);
        return true;
    }

    /// <summary>
    /// Moves the messages skipped because of the lock the entity still holds out of the scanned inbox, and brings every
    /// set-aside message back (in arrival order) once that lock is released or held by another orchestration.
    /// </summary>
    private void SetAsideBlocked(List<(InboxEntry Entry, string Owner)> skipped, HashSet<long> consumed)
    {
        if (_blocked.Count > 0 && _state.LockOwner != _blockedBy)
        {
            RestoreBlocked();
        }

        if (_state.LockOwner is not { } owner)
        {
            return;
        }

        var setAside = skipped
            .Where(s => s.Owner == owner && !consumed.Contains(s.Entry.Id))
            .Select(s => s.Entry.Id)
            .ToHashSet();
        if (setAside.Count == 0)
        {
            return;
        }

        _blockedBy = owner;
        _blocked.AddRange(_inbox.Entries.Where(e => setAside.Contains(e.Id)));
        _inbox.Remove(setAside);
    }

    /// <summary>Puts the set-aside messages back into the scanned inbox, in arrival (id) order.</summary>
    private void RestoreBlocked()
    {
        _inbox.Entries.AddRange(_blocked);
        _inbox.Entries.Sort((a, b) => a.Id.CompareTo(b.Id));
        _blocked.Clear();
        _blockedBy = null;
    }

    private async Task<string?> ApplyAsync(WorkflowMessage message, string? stateJson, EntityEngineState state, List<OutboxEntry> outbox)
    {
        switch (message.Kind)
        {
            case WorkflowMessageKind.EntitySignal or WorkflowMessageKind.EntityCall:
                var began = OperationStarting(message);
                var result = await _runner.RunAsync(_id, message.Name ?? string.Empty, message.Payload, stateJson);
                OperationEnded(message, began, result.Failure);
                if (result.Failure is { } failure && message.Kind == WorkflowMessageKind.EntitySignal)
                {
                    LogSignalFailed(Key, message.Name, message.Sender, failure.ToString());
                }

                if (message is { Kind: WorkflowMessageKind.EntityCall, Sender: { } caller })
                {
                    outbox.Add(Outgoing(state, caller, Engine.WorkflowMessages.EntityResponse(message.TaskId, message.SenderExecutionId, result.ResultJson, result.Failure)));
                }

                outbox.AddRange(result.Outgoing.Select(o => Outgoing(state, o.Receiver, o.Message)));
                return result.StateJson;
            case WorkflowMessageKind.EntityLock when message.Sender is { } requester:
                state.LockOwner = requester;
                state.LockExecutionId = message.SenderExecutionId;
                outbox.Add(Outgoing(state, requester, Engine.WorkflowMessages.EntityLockGranted(message.TaskId, message.SenderExecutionId)));
                return stateJson;
            case WorkflowMessageKind.EntityUnlock when message.Sender is { } holder && holder == state.LockOwner:
                state.LockOwner = null;
                state.LockExecutionId = null;
                return stateJson;
            default:
                return stateJson;
        }
    }

    private async Task CommitAsync(string? stateJson, EntityEngineState state, HashSet<long> consumed, List<OutboxEntry> outbox)
    {
        // The store keeps the record due while inbox entries remain; messages left to send keep it due one interval on.
        // Most batches of client signals change no bookkeeping: the stored text is reused, not serialised again.
        var engineState = _record!.EngineState is { } stored && state.SameAs(_state) ? stored : state.ToJson();
        var record = _record with { Input = stateJson, LastUpdatedAt = Now, EngineState = engineState, WakeAt = WakeAtAfterCommit(_outbox.Count + outbox.Count) };
        var began = System.Diagnostics.Stopwatch.GetTimestamp();
        var version = await _store.CommitAsync(new InstanceCommit
        {
            Record = record,
            ExpectedVersion = _record.Version,
            ConsumedInbox = [.. consumed],
            AddOutbox = outbox,
        });
        RecordCommit(began, consumed.Count + outbox.Count);
        _record = record with { Version = version };
        _state = state;
        _inbox.Remove(consumed);
        _outbox.Add(outbox);
        _outbox.Resume();
    }

    private OutboxEntry Outgoing(EntityEngineState state, string receiver, WorkflowMessage message)
    {
        var sequence = state.NextSequence(receiver, remember: false); // an entity never finishes: no receivers to tell
        var stamped = message with { Sender = Key, Sequence = sequence };
        return new OutboxEntry(++state.LastOutboxId, receiver, JsonSerializer.Serialize(stamped, WorkflowJson.Options));
    }
}
