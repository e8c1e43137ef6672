using OrleansWorkflows.Runtime;

namespace OrleansWorkflows.Engine;

/// <summary>
/// An orchestration's control requests: terminate, suspend, resume and rewind are queued for an episode of their own
/// each, in arrival order (<see cref="OrchestrationInstance.EnqueueControl"/>); a purge deletes a finished instance; a
/// parent's rewind gives it back the child it waits for again. A request repeated with its request id is answered as the
/// first one was (<see cref="OrchestrationRequests"/>).
/// </summary>
/// <param name="instance">The instance.</param>
/// <param name="requests">Its request ids.</param>
internal sealed partial class OrchestrationControls(OrchestrationInstance instance, OrchestrationRequests requests)
{
    public Task<OperationResult> TerminateAsync(string? reason, bool recursive, string? requestId) =>
        RunAsync(new ControlWork(ControlKind.Terminate, reason, recursive, null) { RequestId = requestId });

    public Task<OperationResult> SuspendAsync(string? reason, string? requestId) =>
        RunAsync(new ControlWork(ControlKind.Suspend, reason, false, null) { RequestId = requestId });

    public Task<OperationResult> ResumeAsync(string? reason, string? requestId) =>
        RunAsync(new ControlWork(ControlKind.Resume, reason, false, null) { RequestId = requestId });

    public Task<OperationResult> RewindAsync(string? reason, string? requestId) =>
        RunAsync(new ControlWork(ControlKind.Rewind, reason, false, null) { RequestId = requestId });

    public async Task<OperationResult> PurgeAsync(string? requestId)
    {
        instance.ThrowIfBroken();
        if (await requests.Purges.RepeatedAsync(requestId, instance.ThrowIfBroken) is { } repeated)
        {
            return repeated;
        }

        if (instance.Record is not { } record)
        {
            instance.DeactivateOnIdle();
            return instance.Planner.NotFound();
        }

        if (!record.Status.IsTerminal() || instance.Starting is not null)
        {
            return new OperationResult(OperationOutcome.NotAllowed, $"Instance '{instance.InstanceId}' is {record.Status}; only finished instances can be purged.");
        }

        if (instance.Undelivered > 0)
        {
            // Purging would drop a message another instance waits for (a child's result, an entity unlock): deliver first.
            instance.ResumeDeliveries();
            throw new InstanceReloadingException(
                $"Instance '{instance.InstanceId}' still has {instance.Undelivered} undelivered message(s) to other instances; it can be purged once they are delivered. Retry.");
        }

        if (!await instance.PurgeAsync(requests.Purges, requestId))
        {
            throw new InstanceReloadingException($"Instance '{instance.InstanceId}' changed while being purged; retry.");
        }

        return OperationResult.Ok;
    }

    private async Task<OperationResult> RunAsync(ControlWork work)
    {
        instance.ThrowIfBroken();
        if (requests.RepeatedControl(work) is { } repeated)
        {
            return await repeated;
        }

        return await instance.EnqueueControl(work);
    }
}
