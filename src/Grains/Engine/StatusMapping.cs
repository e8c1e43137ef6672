using OrleansWorkflows.Storage;

namespace OrleansWorkflows.Engine;

/// <summary>Maps a status record to the client-facing <see cref="OrchestrationMetadata"/>.</summary>
internal static class StatusMapping
{
    public static OrchestrationMetadata ToMetadata(InstanceRecord record, bool includeInputsAndOutputs, string? history = null) => new()
    {
        Version = record.OrchestrationVersion,
        InstanceId = record.InstanceId,
        Name = record.Name,
        RuntimeStatus = record.Status,
        ExecutionId = record.ExecutionId,
        CreatedAt = record.CreatedAt,
        LastUpdatedAt = record.LastUpdatedAt,
        SerializedInput = includeInputsAndOutputs ? record.Input : null,
        SerializedOutput = includeInputsAndOutputs ? record.Output : null,
        SerializedCustomStatus = includeInputsAndOutputs ? record.CustomStatus : null,
        FailureDetails = record.Status == OrchestrationRuntimeStatus.Failed ? WorkflowJson.Deserialize<FailureDetails>(record.Output) : null,
        ParentInstanceId = record.ParentInstanceId,
        SerializedHistory = history,
    };
}
