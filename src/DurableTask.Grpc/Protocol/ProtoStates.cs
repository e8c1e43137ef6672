using P = Microsoft.DurableTask.Protobuf;

namespace OrleansWorkflows.DurableTask.Grpc.Protocol;

/// <summary>Statuses, failure details and instance states between the engine's client contracts and the protocol.</summary>
internal static class ProtoStates
{
    public static P.OrchestrationStatus ToProto(OrchestrationRuntimeStatus status) => status switch
    {
        OrchestrationRuntimeStatus.Pending => P.OrchestrationStatus.Pending,
        OrchestrationRuntimeStatus.Running => P.OrchestrationStatus.Running,
        OrchestrationRuntimeStatus.Completed => P.OrchestrationStatus.Completed,
        OrchestrationRuntimeStatus.ContinuedAsNew => P.OrchestrationStatus.ContinuedAsNew,
        OrchestrationRuntimeStatus.Failed => P.OrchestrationStatus.Failed,
        OrchestrationRuntimeStatus.Canceled => P.OrchestrationStatus.Canceled,
        OrchestrationRuntimeStatus.Terminated => P.OrchestrationStatus.Terminated,
        OrchestrationRuntimeStatus.Suspended => P.OrchestrationStatus.Suspended,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown runtime status."),
    };

    public static OrchestrationRuntimeStatus FromProto(P.OrchestrationStatus status) => status switch
    {
        P.OrchestrationStatus.Pending => OrchestrationRuntimeStatus.Pending,
        P.OrchestrationStatus.Running => OrchestrationRuntimeStatus.Running,
        P.OrchestrationStatus.Completed => OrchestrationRuntimeStatus.Completed,
        P.OrchestrationStatus.ContinuedAsNew => OrchestrationRuntimeStatus.ContinuedAsNew,
        P.OrchestrationStatus.Failed => OrchestrationRuntimeStatus.Failed,
        P.OrchestrationStatus.Canceled => OrchestrationRuntimeStatus.Canceled,
        P.OrchestrationStatus.Terminated => OrchestrationRuntimeStatus.Terminated,
        P.OrchestrationStatus.Suspended => OrchestrationRuntimeStatus.Suspended,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, $"Unknown orchestration status {(int)status}."),
    };

    public static P.TaskFailureDetails? ToProto(FailureDetails? failure) => failure is null ? null : new P.TaskFailureDetails
    {
        ErrorType = failure.ErrorType,
        ErrorMessage = failure.ErrorMessage,
        StackTrace = failure.StackTrace,
        InnerFailure = ToProto(failure.InnerFailure),
    };

    public static FailureDetails? FromProto(P.TaskFailureDetails? failure) => failure is null ? null : new FailureDetails(
        failure.ErrorType ?? string.Empty, failure.ErrorMessage ?? string.Empty, failure.StackTrace, FromProto(failure.InnerFailure));

    /// <summary>An instance's metadata as the protocol's state (inputs, outputs, custom status and failure only when asked for).</summary>
    public static P.OrchestrationState ToProto(OrchestrationMetadata metadata, bool withInputsAndOutputs)
    {
        var state = new P.OrchestrationState
        {
            InstanceId = metadata.InstanceId,
            Name = metadata.Name,
            OrchestrationStatus = ToProto(metadata.RuntimeStatus),
            CreatedTimestamp = ProtoHistory.ToTimestamp(metadata.CreatedAt),
            LastUpdatedTimestamp = ProtoHistory.ToTimestamp(metadata.LastUpdatedAt),
            ExecutionId = metadata.ExecutionId,
            ParentInstanceId = metadata.ParentInstanceId,
            Version = metadata.Version,
        };
        if (metadata.IsCompleted)
        {
            state.CompletedTimestamp = ProtoHistory.ToTimestamp(metadata.LastUpdatedAt);
        }

        if (withInputsAndOutputs)
        {
            state.Input = metadata.SerializedInput;
            state.CustomStatus = metadata.SerializedCustomStatus;
            if (metadata.RuntimeStatus == OrchestrationRuntimeStatus.Failed)
            {
                // As Durable Task reports a failure: the details, and the failure's message as the output.
                state.FailureDetails = ToProto(metadata.FailureDetails);
                state.Output = metadata.FailureDetails?.ErrorMessage;
            }
            else
            {
                state.Output = metadata.SerializedOutput;
            }
        }

        return state;
    }
}
