namespace OrleansWorkflows.Replay;

/// <summary>Call an entity operation (request message; the response completes the task).</summary>
internal sealed record CallEntityAction(int Id, EntityId Entity, string Operation, string? Input) : OrchestratorAction(Id);

/// <summary>Send a one-way operation to an entity.</summary>
internal sealed record SignalEntityAction(int Id, EntityId Entity, string Operation, string? Input) : OrchestratorAction(Id);

/// <summary>Ask an entity for its lock (the grant completes the task).</summary>
internal sealed record LockEntityAction(int Id, EntityId Entity) : OrchestratorAction(Id);

/// <summary>Release the lock held on an entity.</summary>
internal sealed record UnlockEntityAction(int Id, EntityId Entity) : OrchestratorAction(Id);
