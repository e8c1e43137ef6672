using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansWorkflows.Engine;
using OrleansWorkflows.Hosting;
using OrleansWorkflows.Runtime;
using OrleansWorkflows.Storage;

namespace OrleansWorkflows.Entities;

/// <summary>
/// One durable entity as an activation holds it, without the grain (the <see cref="EntityGrain"/> forwards to it): stored
/// as a workflow-store instance of that id, the record holds the state JSON (<c>Input</c>; <c>null</c> = the entity does
/// not exist) and the bookkeeping, the inbox holds received operations, the outbox the answers and signals it sends.
/// Deliveries only append to the inbox (deduplicated per sender and sequence number) and acknowledge; a processing loop
/// applies them in order, one operation at a time, one commit per batch, then sends. Split by concern: deliveries (here),
/// processing (its loop is a <see cref="MailboxPump"/>), wake-ups, logging.
/// </summary>
internal sealed partial class EntityInstance : IMailboxOwner, IOutboxPort
{
    private readonly IWorkflowGrainHost _host;
    private readonly IWorkflowStore _store;
    private readonly WorkflowRegistry _registry;
    private readonly WorkflowEngineOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly DurableInbox _inbox;

    /// <summary>Inbox entries of other senders waiting for <see cref="_blockedBy"/>'s lock, in arrival order (not scanned).</summary>
    private readonly List<InboxEntry> _blocked = [];
    private string? _blockedBy;
    private readonly OutboxDelivery _outbox;
    private readonly EntityOperationRunner _runner;
    private readonly EntityId _id;
    private readonly string? _invalidKey;
    private InstanceRecord? _record;
    private EntityEngineState _state = new();
    private Task? _creating;

    /// <summary>A client's repeated request was refused as a repeat: compare with the store once nothing else runs.</summary>
    private bool _checkStore;
    private readonly MailboxPump _pump;
    private readonly EngineWorkCounters? _counters;

    /// <summary>Creates the entity of <paramref name="host"/>'s id; <see cref="ActivateAsync"/> loads it.</summary>
    public EntityInstance(IWorkflowGrainHost host, IWorkflowStore store, WorkflowRegistry registry, WorkflowEngineOptions options, TimeProvider clock, ILogger logger)
    {
        _host = host;
        _store = store;
        _registry = registry;
        _options = options;
        _clock = clock;
        _logger = logger;
        Key = host.InstanceId;
        _pump = new MailboxPump(this);
        _outbox = new OutboxDelivery(Key, this, _store, new OutboxQueue(), _logger);
        _inbox = new DurableInbox(Key, _store, () => Now);
        _runner = new EntityOperationRunner(_registry, host.Services, _options.MaxPayloadLength);
        _counters = host.Services.GetService<EngineWorkCounters>();
        if (!EntityId.TryParse(Key, out _id))
        {
            _invalidKey = $"'{Key}' is not an entity id of the form '@name@key' with a valid name and key.";
        }
    }

    private string Key { get; }

    private DateTime Now => _clock.GetUtcNow().UtcDateTime;

    /// <summary>Loads the entity and resumes what it has waiting.</summary>
    public async Task ActivateAsync(CancellationToken cancellationToken)
    {
        if (_invalidKey is not null)
        {
            return;
        }

        _backlog = MailboxBacklog.Register(_inbox, _outbox, entity: true);
        try
        {
            var snapshot = await _store.LoadAsync(Key, cancellationToken);
            if (snapshot is null)
            {
                return;
            }

            _record = snapshot.Record;
            _state = EntityEngineState.Parse(_record.EngineState);
            _inbox.Load(snapshot.Inbox);
            _outbox.Add(snapshot.Outbox);
        }
        catch
        {
            Deactivated(); // a failed activation may never be deactivated: its mailbox leaves the gauges here
            throw;
        }

        if (_inbox.Count > 0 || _outbox.Count > 0)
        {
            _pump.Ensure();
            _outbox.Resume();
        }
    }

    public async Task<WorkflowMessage?> DeliverAsync(WorkflowMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        ThrowIfUnusable();
        if (message.Kind is not (WorkflowMessageKind.EntitySignal or WorkflowMessageKind.EntityCall or WorkflowMessageKind.EntityLock
            or WorkflowMessageKind.EntityUnlock or WorkflowMessageKind.SenderFinished))
        {
            throw new ArgumentException($"An entity does not accept {message.Kind} messages.", nameof(message));
        }

        if (message.Kind == WorkflowMessageKind.SenderFinished && (_record is null || !_registry.HasEntity(_id.Name)))
        {
            return null; // nothing stored about the sender: nothing to forget (and nothing to create for it)
        }

        if (!_registry.HasEntity(_id.Name))
        {
            return RejectUnknownEntity(message);
        }

        var sequenced = message.Sender is not null && message.Sequence > 0;
        if (sequenced && _state.IsApplied(message.Sender!, message.Sequence))
        {
            return null;
        }

        await AppendAsync(message, sequenced);
        return null;
    }

    /// <summary>A client's signal; <paramref name="traceParent"/> (the client's trace context, or <c>null</c>) parents its operation's span.</summary>
    public async Task<OperationResult> SignalAsync(string operationName, string? input, string? requestId, string? traceParent = null)
    {
        ThrowIfUnusable();
        if (!_registry.HasEntity(_id.Name))
        {
            _host.DeactivateOnIdle();
            return new OperationResult(OperationOutcome.NotFound, $"No entity named '{_id.Name}' is registered.");
        }

        if (string.IsNullOrWhiteSpace(operationName))
        {
            return new OperationResult(OperationOutcome.InvalidInput, "The operation name must not be empty.");
        }

        if (input is { Length: var length } && length > _options.MaxPayloadLength)
        {
            return new OperationResult(OperationOutcome.InvalidInput, $"The operation input has {length} characters; the limit is {_options.MaxPayloadLength}.");
        }

        var signal = WorkflowMessages.EntitySignal(operationName, input) with { TraceParent = traceParent };
        await AppendAsync(signal, sequenced: false, requestId);
        return OperationResult.Ok;
    }

    public Task<EntityMetadata?> GetAsync(bool includeState)
    {
        ThrowIfUnusable();
        if (_record is not { Input: not null } record)
        {
            if (_record is null)
            {
                _host.DeactivateOnIdle();
            }

            return Task.FromResult<EntityMetadata?>(null);
        }

        return Task.FromResult<EntityMetadata?>(new EntityMetadata
        {
            Id = _id,
            LastModifiedAt = record.LastUpdatedAt,
            SerializedState = includeState ? record.Input : null,
            LockedBy = _state.LockOwner,
            BacklogQueueSize = _inbox.Count + _blocked.Count,
        });
    }

    /// <summary>
    /// Durably appends to the inbox (creating the entity's store record first if needed), then acknowledges. A client
    /// request (<paramref name="requestId"/> not <c>null</c>) goes in once: the store drops a repeat of a request id it
    /// remembers.
    /// </summary>
    private async Task AppendAsync(WorkflowMessage message, bool sequenced, string? requestId = null)
    {
        _creating ??= _record is null ? CreateRecordAsync() : Task.CompletedTask;
        await _creating;
        ThrowIfUnusable();
        var sender = sequenced ? message.Sender : null;
        var appended = await _inbox.AppendAsync(message, sender, message.Sequence, requestId);
        switch (appended.Result)
        {
            case InboxAppendResult.Appended:
                _pump.Ensure();
                break;
            case InboxAppendResult.Duplicate when requestId is not null:
                // A client's repeat: usually of a signal this activation holds or applied, but the first attempt may have
                // reached another activation of this entity that is gone: once nothing else runs, look in the store.
                _checkStore = true;
                _pump.Ensure();
                break;
            case InboxAppendResult.NotFound:
                var ex = new InstanceReloadingException($"Entity '{Key}' vanished from the store; retry the call.");
                _pump.Break(ex);
                throw ex;
        }
    }

    private async Task CreateRecordAsync()
    {
        var now = Now;
        _state.SequenceBase = now.Ticks;
        var record = new InstanceRecord
        {
            InstanceId = Key,
            Name = _id.Name,
            ExecutionId = "entity",
            Status = OrchestrationRuntimeStatus.Running,
            CreatedAt = now,
            LastUpdatedAt = now,
            EngineState = _state.ToJson(),
        };
        try
        {
            var version = await _store.CommitAsync(new InstanceCommit { Record = record, ExpectedVersion = 0 });
            _record = record with { Version = version };
        }
        catch (Exception ex)
        {
            _pump.Break(ex);
            throw new InstanceReloadingException($"Entity '{Key}' could not be created; retry the call.", ex);
        }
    }

    /// <summary>
    /// A call or lock request to an entity name nobody registered fails at once, without creating anything: the failure is
    /// returned with the acknowledgement, and the caller's outbox delivery applies it to the caller.
    /// </summary>
    private WorkflowMessage? RejectUnknownEntity(WorkflowMessage message)
    {
        var failure = new FailureDetails(typeof(InvalidOperationException).FullName!, $"No entity named '{_id.Name}' is registered.");
        LogUnknownEntity(Key, message.Kind, message.Sender);
        _host.DeactivateOnIdle();
        if (message is { Kind: WorkflowMessageKind.EntityCall or WorkflowMessageKind.EntityLock, Sender: { } caller } && !EntityId.IsEntityInstanceId(caller))
        {
            // Unsequenced: the caller drops it unless the task is still open, so a repeat does no harm.
            return (message.Kind == WorkflowMessageKind.EntityCall
                ? WorkflowMessages.EntityResponse(message.TaskId, message.SenderExecutionId, null, failure)
                : WorkflowMessages.EntityLockGranted(message.TaskId, message.SenderExecutionId, failure)) with { Sender = Key };
        }

        return null;
    }

    private void ThrowIfUnusable()
    {
        if (_invalidKey is not null)
        {
            throw new ArgumentException(_invalidKey);
        }

        if (_pump.Broken)
        {
            throw new InstanceReloadingException($"Entity '{Key}' is reloading from the store; retry the call.");
        }
    }

    bool IOutboxPort.Stopped => _pump.Broken;

    Task<WorkflowMessage?> IOutboxPort.SendAsync(string receiver, WorkflowMessage message) => WorkflowGrains.DeliverAsync(_host.GrainFactory, receiver, message);

    /// <summary>An entity sends only signals, results and lock grants, which nobody refuses: an answer is ignored.</summary>
    Task IOutboxPort.ApplyAnswerAsync(WorkflowMessage answer) => Task.CompletedTask;

    Task<bool> IMailboxOwner.RunOnceAsync() => RunBatchAsync();

    void IMailboxOwner.OnPumpBreak(Exception exception) => OnBreak(exception);

    /// <summary>A commit conflict or store failure: give up this activation; the next call reloads from the store.</summary>
    private void OnBreak(Exception ex)
    {
        LogAbandoned(ex, Key);
        _host.DeactivateOnIdle();
    }
}
