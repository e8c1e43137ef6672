namespace OrleansWorkflows.Engine;

/// <summary>
/// What a workflow instance held without its grain (<see cref="OrchestrationInstance"/>, <see cref="Entities.EntityInstance"/>)
/// needs of the grain that hosts it: the Orleans-only operations.
/// </summary>
internal interface IWorkflowGrainHost
{
    /// <summary>The instance id in the store (the grain's key).</summary>
    string InstanceId { get; }

    /// <summary>To reach other grains: the outbox's receivers and the activity workers.</summary>
    IGrainFactory GrainFactory { get; }

    /// <summary>The activation's services (orchestrators and entities are created from them).</summary>
    IServiceProvider Services { get; }

    /// <summary>Drops the activation once it is idle (the next call loads the instance from the store).</summary>
    void DeactivateOnIdle();
}
