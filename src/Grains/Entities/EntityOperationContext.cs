using System.Security.Cryptography;
using OrleansWorkflows.Runtime;

namespace OrleansWorkflows.Entities;

/// <summary>The context of one operation: collects the messages it sends, which go out only if it succeeds.</summary>
internal sealed class EntityOperationContext(EntityId id, string operationName) : EntityContext
{
    private readonly List<(string Receiver, WorkflowMessage Message)> _outgoing = [];

    public override EntityId Id { get; } = id;

    public override string OperationName { get; } = operationName;

    /// <summary>The messages the operation asked to send, in order.</summary>
    public IReadOnlyList<(string Receiver, WorkflowMessage Message)> Outgoing => _outgoing;

    public override void SignalEntity(EntityId entity, string operationName, object? input = null)
    {
        if (EntityId.ValidateName(entity.Name) is { } error)
        {
            throw new ArgumentException(error, nameof(entity));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(operationName);
        _outgoing.Add((entity.ToString(), Engine.WorkflowMessages.EntitySignal(operationName, WorkflowJson.Serialize(input))));
    }

    public override string StartOrchestration(string name, object? input = null, string? instanceId = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        instanceId ??= RandomNumberGenerator.GetHexString(32, lowercase: true);
        InstanceIds.ThrowIfInvalid(instanceId);
        _outgoing.Add((instanceId, Engine.WorkflowMessages.StartOrchestration(name, WorkflowJson.Serialize(input))));
        return instanceId;
    }
}
