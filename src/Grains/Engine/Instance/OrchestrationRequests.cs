using OrleansWorkflows.Runtime;
using OrleansWorkflows.Storage;

namespace OrleansWorkflows.Engine;

/// <summary>
/// Client requests repeated with the same request id (a retry after a lost answer or a failover) are answered as the
/// first one was, and change nothing: a start by the request id recorded with the instance, an event by the request
/// ids the store remembers for the deduplication window (<see cref="IMailboxStore.AppendRequestAsync"/>), a control
/// (terminate, suspend, resume, rewind) by the request ids remembered with its commit in the engine state, a purge by
/// the request id the store remembers with the deletion (see <see cref="PurgeRequests"/>).
/// </summary>
/// <param name="instance">The instance.</param>
/// <param name="store">The workflow store.</param>
/// <param name="now">The engine clock.</param>
internal sealed class OrchestrationRequests(OrchestrationInstance instance, IWorkflowStore store, Func<DateTime> now)
{
    /// <summary>The purge in the store and its request id (see <see cref="PurgeRequests"/>).</summary>
    public PurgeRequests Purges => _purges ??= new(instance.InstanceId, store, now);

    private PurgeRequests? _purges; // created by the first purge: most activations never purge

    /// <summary>The answer to a start that repeats <paramref name="instance"/>'s current start request, or <c>null</c> for a
    /// new start. Static: every start asks, and an activation that only starts keeps no requests object for it.</summary>
    public static async Task<OperationResult?> RepeatedStartAsync(OrchestrationInstance instance, string? requestId)
    {
        instance.ThrowIfBroken();
        if (requestId is null)
        {
            return null;
        }

        // A scheduled start answered once its Pending record was committed (below), not when it runs.
        if (instance.Starting is { NotBefore: null } starting && starting.RequestId == requestId)
        {
            await starting.Done.Task;
            return starting.Result;
        }

        return instance.Record is { } record && instance.State.StartRequestId == requestId
            ? new OperationResult(OperationOutcome.Accepted, record.ExecutionId)
            : null;
    }

    /// <summary>An event to a finished instance whose request id it received while running (a retry after a lost answer).</summary>
    public async Task<bool> IsRepeatedRequestAsync(string? requestId) => requestId is not null && await store.HasRequestAsync(instance.InstanceId, requestId);

    /// <summary>
    /// The answer to a control request repeated with the request id of one this instance applied (remembered with the
    /// control's commit) or is applying (the same answer, once it is committed); <c>null</c> for a new request.
    /// </summary>
    public Task<OperationResult>? RepeatedControl(ControlWork work)
    {
        if (work.RequestId is not { } requestId)
        {
            return null;
        }

        if (instance.State.HasControlRequest(requestId))
        {
            return Task.FromResult(OperationResult.Ok);
        }

        return instance.QueuedControl(requestId);
    }
}
