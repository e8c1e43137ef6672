namespace OrleansWorkflows;

/// <summary>
/// What an entity operation sees of the engine. Signals and orchestration starts requested here are sent only if the
/// operation succeeds, after its state is committed: reliably, in order per receiver and exactly once.
/// </summary>
public abstract class EntityContext
{
    /// <summary>The id of the entity running the operation.</summary>
    public abstract EntityId Id { get; }

    /// <summary>The name of the running operation, as the caller spelled it.</summary>
    public abstract string OperationName { get; }

    /// <summary>Sends a one-way operation to an entity (this one included).</summary>
    /// <param name="entity">The target entity.</param>
    /// <param name="operationName">The operation name.</param>
    /// <param name="input">The input, serialized to JSON.</param>
    public abstract void SignalEntity(EntityId entity, string operationName, object? input = null);

    /// <summary>Starts an orchestration (not as a child: the entity does not wait for it).</summary>
    /// <param name="name">The registered orchestration name.</param>
    /// <param name="input">The input, serialized to JSON.</param>
    /// <param name="instanceId">The instance id; a new random id when <c>null</c>. A start is dropped (and logged)
    /// when the id is already in use by a running instance.</param>
    /// <returns>The instance id.</returns>
    public abstract string StartOrchestration(string name, object? input = null, string? instanceId = null);
}
