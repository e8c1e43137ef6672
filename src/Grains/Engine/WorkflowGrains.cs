using OrleansWorkflows.Runtime;

namespace OrleansWorkflows.Engine;

/// <summary>Routes an engine message to its receiver: an entity (<c>@name@key</c>) or an orchestration instance.</summary>
internal static class WorkflowGrains
{
    public static Task<WorkflowMessage?> DeliverAsync(IGrainFactory grains, string receiver, WorkflowMessage message)
    {
        if (EntityId.IsEntityInstanceId(receiver))
        {
            return GrainReferences.Get<IEntityGrain>(grains, receiver).DeliverAsync(message);
        }

        var orchestration = GrainReferences.Get<IOrchestrationGrain>(grains, receiver);
        // A start places the new instance on a silo that registers the version it asks for (see VersionPlacementDirector);
        // so does a parent's rewind that names its child's version, since it may start the child afresh.
        return message switch
        {
            { Kind: WorkflowMessageKind.StartSubOrchestration or WorkflowMessageKind.StartOrchestration, Name: { } name } =>
                StartPlacement.WithHintAsync(receiver, name, message.Version, () => orchestration.DeliverAsync(message)),
            { Kind: WorkflowMessageKind.Rewind, OrchestrationName: { } child, Version: { } version } =>
                StartPlacement.WithHintAsync(receiver, child, version, () => orchestration.DeliverAsync(message)),
            _ => orchestration.DeliverAsync(message),
        };
    }
}
