using System.Text.Json;
using OrleansWorkflows.Runtime;

namespace OrleansWorkflows;

/// <summary>Instance management: terminate, suspend, resume, rewind, restart, purge, query, history.</summary>
public sealed partial class WorkflowClient
{
    private static readonly OrchestrationRuntimeStatus[] FinishedStatuses =
    [
        OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Canceled, OrchestrationRuntimeStatus.Terminated,
    ];

    /// <summary>Terminates a Pending, Running or Suspended instance; its late activity and timer results are ignored.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="reason">Why; recorded in history and as the output.</param>
    /// <param name="recursive">Also terminate the sub-orchestrations it waits for.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <exception cref="WorkflowClientException">Not found, or already finished.</exception>
    public Task TerminateAsync(string instanceId, string? reason = null, bool recursive = false, CancellationToken cancellationToken = default) =>
        ControlAsync(instanceId, g => g.TerminateAsync(reason, recursive), cancellationToken);

    /// <summary>Suspends a running instance (a no-op when it is suspended already).</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="reason">Why; recorded in history.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    public Task SuspendAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default) =>
        ControlAsync(instanceId, g => g.SuspendAsync(reason), cancellationToken);

    /// <summary>Resumes a suspended instance (a no-op when it is running).</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="reason">Why; recorded in history.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    public Task ResumeAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default) =>
        ControlAsync(instanceId, g => g.ResumeAsync(reason), cancellationToken);

    /// <summary>Rewinds a Failed instance: its failed activities and sub-orchestrations run again.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="reason">Why; recorded in history.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <exception cref="WorkflowClientException">Not found, or not Failed (<see cref="OperationOutcome.NotAllowed"/>).</exception>
    public Task RewindAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default) =>
        ControlAsync(instanceId, g => g.RewindAsync(reason), cancellationToken);

    /// <summary>Starts a finished instance again with its input, under a new id (default) or the same id.</summary>
    /// <param name="instanceId">The finished instance.</param>
    /// <param name="restartWithNewInstanceId">True for a new random id; false to reuse the id (its history is replaced).</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>The id of the restarted instance.</returns>
    /// <exception cref="WorkflowClientException">Not found, or still running (<see cref="OperationOutcome.AlreadyExists"/>).</exception>
    public Task<string> RestartAsync(string instanceId, bool restartWithNewInstanceId = true, CancellationToken cancellationToken = default) =>
        RestartAsync(instanceId, restartWithNewInstanceId, InstanceIds.New(), cancellationToken);

    /// <summary>
    /// Starts a finished instance again with its input, once per request id: a repeated call with the same
    /// <paramref name="requestId"/> (a retry after a lost answer) is the same restart and returns the same id. With a
    /// new id, that id is derived from the instance id and the request id; with the same id, the engine recognises the
    /// start's request id.
    /// </summary>
    /// <param name="instanceId">The finished instance.</param>
    /// <param name="restartWithNewInstanceId">True for a new id; false to reuse the id (its history is replaced).</param>
    /// <param name="requestId">Identifies this restart across retries (at most <see cref="MaxRequestIdLength"/> characters).</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>The id of the restarted instance.</returns>
    /// <exception cref="WorkflowClientException">Not found, or running under another start (<see cref="OperationOutcome.AlreadyExists"/>).</exception>
    public async Task<string> RestartAsync(string instanceId, bool restartWithNewInstanceId, string requestId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(requestId);
        var status = await GetStatusAsync(instanceId, includeInputsAndOutputs: true, cancellationToken: cancellationToken)
            ?? throw new WorkflowClientException(OperationOutcome.NotFound, $"No orchestration instance '{instanceId}' exists.");
        var target = restartWithNewInstanceId ? RestartedInstanceId(instanceId, requestId) : instanceId;

        // With the same id, a running instance is refused by the engine unless it is this very restart (same request id),
        // so a retry after the restart began is answered like the first call.
        if (!status.IsCompleted && restartWithNewInstanceId)
        {
            throw new WorkflowClientException(OperationOutcome.AlreadyExists, $"Instance '{instanceId}' is {status.RuntimeStatus}; only finished instances can be restarted.");
        }

        return await StartJsonAsync(status.Name, status.SerializedInput, new StartOrchestrationOptions { InstanceId = target, RequestId = requestId }, cancellationToken);
    }

    /// <summary>The new id of a restart: the same for every retry of one request, different for different requests.</summary>
    private static string RestartedInstanceId(string instanceId, string requestId)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"restart\0{instanceId}\0{requestId}"));
        return Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }

    /// <summary>
    /// Deletes a finished instance (and, recursively, its sub-orchestrations). An instance whose messages to other
    /// instances (a result to its parent, an entity unlock) are not delivered yet is purged once they are: until then
    /// the call is retried within <see cref="TransientRetryBudget"/>, then fails with
    /// <see cref="Runtime.InstanceReloadingException"/> (retryable).
    /// </summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="recursive">Also purge the sub-orchestrations it started.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>How many instances were deleted.</returns>
    /// <exception cref="WorkflowClientException">Not found, or not finished (<see cref="OperationOutcome.NotAllowed"/>).</exception>
    public async Task<int> PurgeInstanceAsync(string instanceId, bool recursive = false, CancellationToken cancellationToken = default)
    {
        CheckId(instanceId);
        var deleted = 0;
        if (recursive)
        {
            foreach (var child in await GetChildInstanceIdsAsync(instanceId, cancellationToken))
            {
                try
                {
                    deleted += await PurgeInstanceAsync(child, recursive: true, cancellationToken);
                }
                catch (WorkflowClientException ex) when (ex.Outcome == OperationOutcome.NotFound)
                {
                    // Already purged, or never started.
                }
            }
        }

        await ControlAsync(instanceId, g => g.PurgeAsync(), cancellationToken);
        return deleted + 1;
    }

    /// <summary>
    /// Deletes every finished instance matching <paramref name="filter"/>, in pages of 100, so very large purges neither
    /// time out nor stall the cluster. Unfinished instances are never purged, nor are finished ones whose messages to
    /// other instances are still undelivered after the retries (they are left for a later purge).
    /// </summary>
    /// <param name="filter">Which instances.</param>
    /// <param name="cancellationToken">Stops between pages.</param>
    /// <returns>How many instances were deleted.</returns>
    public async Task<int> PurgeInstancesAsync(PurgeFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var statuses = (filter.Statuses is { Count: > 0 } s ? s : FinishedStatuses).Where(FinishedStatuses.Contains).Distinct().ToList();
        if (statuses.Count == 0)
        {
            return 0;
        }

        var deleted = 0;
        var query = new OrchestrationQuery { Statuses = statuses, CreatedFrom = filter.CreatedFrom, CreatedTo = filter.CreatedTo, PageSize = 100 };
        do
        {
            var page = await QueryInstancesAsync(query, cancellationToken);
            foreach (var batch in page.Instances.Chunk(PurgeParallelism))
            {
                var results = await Task.WhenAll(batch.Select(i => TryPurgeAsync(i.InstanceId, cancellationToken)));
                deleted += results.Sum();
            }

            query = query with { ContinuationToken = page.ContinuationToken };
        }
        while (query.ContinuationToken is not null);
        return deleted;
    }

    /// <summary>Lists instances from the store's index, one page at a time.</summary>
    /// <param name="query">The filter and page.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <exception cref="WorkflowClientException">A bad page size or continuation token (<see cref="OperationOutcome.InvalidInput"/>).</exception>
    public async Task<OrchestrationQueryResult> QueryInstancesAsync(OrchestrationQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.PageSize is < 1 or > 1000)
        {
            throw new WorkflowClientException(OperationOutcome.InvalidInput, "The page size must be between 1 and 1000.");
        }

        try
        {
            return await RetryTransientAsync(() => Management.QueryAsync(query), cancellationToken);
        }
        catch (FormatException ex)
        {
            throw new WorkflowClientException(OperationOutcome.InvalidInput, ex.Message);
        }
    }

    /// <summary>Reads a page of an instance's history (the persisted JSON contract).</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="skip">Events to skip.</param>
    /// <param name="take">The most events to return (1 to 10,000).</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <exception cref="WorkflowClientException">Not found, or a bad range.</exception>
    public async Task<HistoryPage> GetHistoryAsync(string instanceId, int skip = 0, int take = 1000, CancellationToken cancellationToken = default)
    {
        CheckId(instanceId);
        if (skip < 0 || take is < 1 or > 10_000)
        {
            throw new WorkflowClientException(OperationOutcome.InvalidInput, "skip must be >= 0 and take between 1 and 10000.");
        }

        return await RetryTransientAsync(() => Management.GetHistoryAsync(instanceId, skip, take), cancellationToken)
            ?? throw new WorkflowClientException(OperationOutcome.NotFound, $"No orchestration instance '{instanceId}' exists.");
    }

    private const int PurgeParallelism = 16;

    private IWorkflowManagementGrain Management => _grains.GetGrain<IWorkflowManagementGrain>(0);

    private async Task ControlAsync(string instanceId, Func<IOrchestrationGrain, Task<OperationResult>> call, CancellationToken cancellationToken)
    {
        CheckId(instanceId);
        var result = await RetryTransientAsync(() => call(Grain(instanceId)), cancellationToken);
        ThrowIfRefused(result, instanceId);
    }

    private async Task<int> TryPurgeAsync(string instanceId, CancellationToken cancellationToken)
    {
        try
        {
            var result = await RetryTransientAsync(() => Grain(instanceId).PurgeAsync(), cancellationToken);
            return result.Outcome == OperationOutcome.Accepted ? 1 : 0;
        }
        catch (InstanceReloadingException)
        {
            // Still delivering its messages (or reloading) after the retries: left for a later purge, never dropped.
            return 0;
        }
    }

    private async Task<List<string>> GetChildInstanceIdsAsync(string instanceId, CancellationToken cancellationToken)
    {
        var children = new List<string>();
        int? skip = 0;
        while (skip is { } from)
        {
            var page = await GetHistoryAsync(instanceId, from, 1000, cancellationToken);
            using var events = JsonDocument.Parse(page.SerializedEvents);
            foreach (var e in events.RootElement.EnumerateArray())
            {
                if (e.TryGetProperty("eventType", out var type) && type.GetString() == "SubOrchestrationInstanceCreated"
                    && e.TryGetProperty("instanceId", out var child) && child.GetString() is { } id)
                {
                    children.Add(id);
                }
            }

            skip = page.NextSkip;
        }

        return children;
    }
}
