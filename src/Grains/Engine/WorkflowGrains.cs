using OrleansWorkflows.Runtime;

namespace OrleansWorkflows.Engine;

/// <summary>Routes an engine message to its receiver: an entity (<c>@name@key</c>) or an orchestration instance.</summary>
internal static class WorkflowGrains
{
    public static Task<WorkflowMessage?> DeliverAsync(IGrainFactory grains, string receiver, WorkflowMessage message) =>
        EntityId.IsEntityInstanceId(receiver)
            ? GrainReferences.Get<IEntityGrain>(grains, receiver).DeliverAsync(message)
            : GrainReferences.Get<IOrchestrationGrain>(grains, receiver).DeliverAsync(message);
}
