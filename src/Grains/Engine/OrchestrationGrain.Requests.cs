using OrleansWorkflows.Runtime;

namespace OrleansWorkflows.Engine;

/// <summary>
/// Client requests repeated with the same request id (a retry after a lost answer or a failover) are answered as the
/// first one was, and change nothing: a start by the request id recorded with the instance, an event by the request
/// ids the store remembers for the deduplication window (<see cref="Storage.IWorkflowStore.AppendRequestAsync"/>).
/// </summary>
internal sealed partial class OrchestrationGrain
{
    /// <summary>The answer to a start that repeats the current instance's start request, or <c>null</c> for a new start.</summary>
    private async Task<OperationResult?> RepeatedStartAsync(string? requestId)
    {
        ThrowIfBroken();
        if (requestId is null)
        {
            return null;
        }

        if (_start is { } starting && starting.RequestId == requestId)
        {
            await starting.Done.Task;
            return starting.Result;
        }

        return _record is not null && _state.StartRequestId == requestId
            ? new OperationResult(OperationOutcome.Accepted, _record.ExecutionId)
            : null;
    }

    /// <summary>An event to a finished instance whose request id it received while running (a retry after a lost answer).</summary>
    private async Task<bool> IsRepeatedRequestAsync(string? requestId) => requestId is not null && await _store.HasRequestAsync(InstanceId, requestId);

    /// <summary>A new execution started by a client or parent records its request id; continue-as-new keeps the one it has.</summary>
    private static void RecordStartRequest(EngineState state, StartWork start)
    {
        if (start.ExecutionId is null)
        {
            state.StartRequestId = start.RequestId;
        }
    }
}
