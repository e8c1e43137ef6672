using OrleansWorkflows.Runtime;

namespace OrleansWorkflows.Engine;

/// <summary>
/// Client requests repeated with the same request id (a retry after a lost answer or a failover) are answered as the
/// first one was, and change nothing: a start by the request id recorded with the instance, an event by the request
/// ids the store remembers for the deduplication window (<see cref="Storage.IWorkflowStore.AppendRequestAsync"/>), a
/// control (terminate, suspend, resume, rewind) by the request ids remembered with its commit in the engine state, a
/// purge by the request id the store remembers with the deletion (a purge with a request id, see <see cref="PurgeRequests"/>).
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

    /// <summary>
    /// The answer to a control request repeated with the request id of one this instance applied (remembered with the
    /// control's commit) or is applying (the same answer, once it is committed); <c>null</c> for a new request.
    /// </summary>
    private Task<OperationResult>? RepeatedControl(ControlWork work)
    {
        if (work.RequestId is not { } requestId)
        {
            return null;
        }

        if (_state.HasControlRequest(requestId))
        {
            return Task.FromResult(OperationResult.Ok);
        }

        return _controls.Find(requestId);
    }

    /// <summary>The purge in the store and its request id (see <see cref="PurgeRequests"/>).</summary>
    private PurgeRequests Purges => _purges ??= new PurgeRequests(InstanceId, _store, () => Now);

    private PurgeRequests? _purges;
}
