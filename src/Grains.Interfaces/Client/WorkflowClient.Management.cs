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
        TerminateAsync(instanceId, reason, recursive, null, cancellationToken);

    /// <summary>Terminates a Pending, Running or Suspended instance, once per request id.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="reason">Why; recorded in history and as the output.</param>
    /// <param name="recursive">Also terminate the sub-orchestrations it waits for.</param>
    /// <param name="requestId">Identifies this request across retries (1-<see cref="MaxRequestIdLength"/> characters, no
    /// control characters), or <c>null</c> for a new one: a call repeated with the request id of one the instance applied
    /// (a retry after a slow or lost answer) is answered as the first one and changes nothing.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <exception cref="WorkflowClientException">Not found, or already finished (by another request).</exception>
    public Task TerminateAsync(string instanceId, string? reason, bool recursive, string? requestId, CancellationToken cancellationToken = default) =>
        ControlAsync(instanceId, requestId, id => g => g.TerminateAsync(reason, recursive, id), cancellationToken);

    /// <summary>Suspends a running instance (a no-op when it is suspended already).</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="reason">Why; recorded in history.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    public Task SuspendAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default) =>
        SuspendAsync(instanceId, reason, null, cancellationToken);

    /// <summary>Suspends a running instance (a no-op when it is suspended already), once per request id.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="reason">Why; recorded in history.</param>
    /// <param name="requestId">Identifies this request across retries (1-<see cref="MaxRequestIdLength"/> characters, no
    /// control characters), or <c>null</c> for a new one: a call repeated with the request id of one the instance applied
    /// (a retry after a slow or lost answer) is answered as the first one and changes nothing.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    public Task SuspendAsync(string instanceId, string? reason, string? requestId, CancellationToken cancellationToken = default) =>
        ControlAsync(instanceId, requestId, id => g => g.SuspendAsync(reason, id), cancellationToken);

    /// <summary>Resumes a suspended instance (a no-op when it is running).</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="reason">Why; recorded in history.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    public Task ResumeAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default) =>
        ResumeAsync(instanceId, reason, null, cancellationToken);

    /// <summary>Resumes a suspended instance (a no-op when it is running), once per request id.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="reason">Why; recorded in history.</param>
    /// <param name="requestId">Identifies this request across retries (1-<see cref="MaxRequestIdLength"/> characters, no
    /// control characters), or <c>null</c> for a new one: a call repeated with the request id of one the instance applied
    /// (a retry after a slow or lost answer) is answered as the first one and changes nothing.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    public Task ResumeAsync(string instanceId, string? reason, string? requestId, CancellationToken cancellationToken = default) =>
        ControlAsync(instanceId, requestId, id => g => g.ResumeAsync(reason, id), cancellationToken);

    /// <summary>Rewinds a Failed instance: its failed activities and sub-orchestrations run again.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="reason">Why; recorded in history.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <exception cref="WorkflowClientException">Not found, or not Failed (<see cref="OperationOutcome.NotAllowed"/>).</exception>
    public Task RewindAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default) =>
        RewindAsync(instanceId, reason, null, cancellationToken);

    /// <summary>Rewinds a Failed instance once per request id: its failed activities and sub-orchestrations run again.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="reason">Why; recorded in history.</param>
    /// <param name="requestId">Identifies this request across retries (1-<see cref="MaxRequestIdLength"/> characters, no
    /// control characters), or <c>null</c> for a new one: a call repeated with the request id of one the instance applied
    /// (a retry after a slow or lost answer) is answered as the first one and changes nothing.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <exception cref="WorkflowClientException">Not found, or not Failed (<see cref="OperationOutcome.NotAllowed"/>).</exception>
    public Task RewindAsync(string instanceId, string? reason, string? requestId, CancellationToken cancellationToken = default) =>
        ControlAsync(instanceId, requestId, id => g => g.RewindAsync(reason, id), cancellationToken);

    /// <summary>Starts a finished instance again with its input and its orchestration version, under a new id (default)
    /// or the same id.</summary>
    /// <param name="instanceId">The finished instance.</param>
    /// <param name="restartWithNewInstanceId">True for a new random id; false to reuse the id (its history is replaced).</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>The id of the restarted instance.</returns>
    /// <exception cref="WorkflowClientException">Not found, or still running (<see cref="OperationOutcome.AlreadyExists"/>).</exception>
    public Task<string> RestartAsync(string instanceId, bool restartWithNewInstanceId = true, CancellationToken cancellationToken = default) =>
        RestartAsync(instanceId, restartWithNewInstanceId, InstanceIds.New(), cancellationToken);

    /// <summary>
    /// Starts a finished instance again with its input and its orchestration version, once per request id: a repeated
    /// call with the same <paramref name="requestId"/> (a retry after a lost answer) is the same restart and returns the
    /// same id. With a new id, that id is derived from the instance id and the request id; with the same id, the engine
    /// recognises the start's request id.
    /// </summary>
    /// <param name="instanceId">The finished instance.</param>
    /// <param name="restartWithNewInstanceId">True for a new id; false to reuse the id (its history is replaced).</param>
    /// <param name="requestId">Identifies this restart across retries (at most <see cref="MaxRequestIdLength"/> characters).</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>The id of the restarted instance.</returns>
    /// <exception cref="WorkflowClientException">Not found, or running under another start (<see cref="OperationOutcome.AlreadyExists"/>).</exception>
    public Task<string> RestartAsync(string instanceId, bool restartWithNewInstanceId, string requestId, CancellationToken cancellationToken = default) =>
        RestartAsync(instanceId, restartWithNewInstanceId, requestId, null, cancellationToken);

    /// <summary>
    /// Starts a finished instance again with its input, once per request id (see
    /// <see cref="RestartAsync(string, bool, string, CancellationToken)"/>), in orchestration version
    /// <paramref name="version"/>, or, when it is <c>null</c>, in the version the instance ran (its recorded version; an
    /// instance that recorded none takes the orchestration's default version, as any start without one).
    /// </summary>
    /// <param name="instanceId">The finished instance.</param>
    /// <param name="restartWithNewInstanceId">True for a new id; false to reuse the id (its history is replaced).</param>
    /// <param name="requestId">Identifies this restart across retries (at most <see cref="MaxRequestIdLength"/> characters).</param>
    /// <param name="version">The version to run instead of the instance's own, or <c>null</c> to keep its own.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>The id of the restarted instance.</returns>
    /// <exception cref="WorkflowClientException">Not found, running under another start
    /// (<see cref="OperationOutcome.AlreadyExists"/>), or a version that is not registered
    /// (<see cref="OperationOutcome.UnknownOrchestration"/>: nothing is started).</exception>
    public async Task<string> RestartAsync(string instanceId, bool restartWithNewInstanceId, string requestId, string? version, CancellationToken cancellationToken = default)
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

        // The instance's own version unless another is asked for: a restart runs the code the instance ran.
        var start = new StartOrchestrationOptions { InstanceId = target, RequestId = requestId, Version = version ?? status.Version };
        return await StartJsonAsync(status.Name, status.SerializedInput, start, cancellationToken);
    }

    /// <summary>The new id of a restart: the same for every retry of one request, different for different requests.</summary>
    private static string RestartedInstanceId(string instanceId, string requestId) => DerivedId("restart", instanceId, requestId);

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
    public Task<int> PurgeInstanceAsync(string instanceId, bool recursive = false, CancellationToken cancellationToken = default) =>
        PurgeInstanceAsync(instanceId, recursive, null, cancellationToken);

    /// <summary>
    /// Deletes a finished instance (and, recursively, its sub-orchestrations), once per request id: a purge repeated with
    /// its request id after it succeeded (a retry after a slow or lost answer) is answered as done, not as not found,
    /// while the instance's activation lasts (it is collected when idle; a silo restart forgets it).
    /// </summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="recursive">Also purge the sub-orchestrations it started.</param>
    /// <param name="requestId">Identifies this request across retries (1-<see cref="MaxRequestIdLength"/> characters, no
    /// control characters), or <c>null</c> for a new one.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>How many instances this call deleted (a repeat that finds everything done counts the instance itself).</returns>
    /// <exception cref="WorkflowClientException">Not found, or not finished (<see cref="OperationOutcome.NotAllowed"/>).</exception>
    public async Task<int> PurgeInstanceAsync(string instanceId, bool recursive, string? requestId, CancellationToken cancellationToken = default)
    {
        CheckId(instanceId);
        CheckRequestId(requestId);
        requestId ??= InstanceIds.New();
        var deleted = 0;
        if (recursive)
        {
            foreach (var child in await ChildrenToPurgeAsync(instanceId, cancellationToken))
            {
                try
                {
                    deleted += await PurgeInstanceAsync(child, recursive: true, DerivedId("purge", requestId, child), cancellationToken);
                }
                catch (WorkflowClientException ex) when (ex.Outcome == OperationOutcome.NotFound)
                {
                    // Already purged, or never started.
                }
            }
        }

        await ControlAsync(instanceId, requestId, id => g => g.PurgeAsync(id), cancellationToken);
        return deleted + 1;
    }

    /// <summary>The sub-orchestrations to purge first; none when the instance is gone already (a repeated purge).</summary>
    private async Task<List<string>> ChildrenToPurgeAsync(string instanceId, CancellationToken cancellationToken)
    {
        try
        {
            return await GetChildInstanceIdsAsync(instanceId, cancellationToken);
        }
        catch (WorkflowClientException ex) when (ex.Outcome == OperationOutcome.NotFound)
        {
            return [];
        }
    }

    /// <summary>
    /// Deletes every finished instance matching <paramref name="filter"/>, in pages of 100, so very large purges neither
    /// time out nor stall the cluster. Unfinished instances are never purged, nor are finished ones whose messages to
    /// other instances are still undelivered after the retries, or that stay busy with another call for the whole retry
    /// budget (both are left for a later purge and not counted).
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

    /// <summary>Runs a control call with its request id (the caller's or a new one), fixed before the first attempt.</summary>
    private async Task ControlAsync(
        string instanceId, string? requestId, Func<string, Func<IOrchestrationGrain, Task<OperationResult>>> call, CancellationToken cancellationToken)
    {
        CheckId(instanceId);
        CheckRequestId(requestId);
        var withId = call(requestId ?? InstanceIds.New());
        var result = await RetryTransientAsync(() => withId(Grain(instanceId)), cancellationToken);
        ThrowIfRefused(result, instanceId);
    }

    /// <summary>An id derived from two others (a restart's new instance id, the request id of a child's purge in a
    /// recursive one): the same for every retry of one request, different for different requests.</summary>
    private static string DerivedId(string kind, string first, string second)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{kind}\0{first}\0{second}"));
        return Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }

    private async Task<int> TryPurgeAsync(string instanceId, CancellationToken cancellationToken)
    {
        // A page of a bulk purge counts what it deleted; a retry that finds the instance gone counts 0 (no request id:
        // remembering one per instance would keep every purged activation alive).
        try
        {
            var result = await RetryTransientAsync(() => Grain(instanceId).PurgeAsync(null), cancellationToken);
            return result.Outcome == OperationOutcome.Accepted ? 1 : 0;
        }
        catch (InstanceReloadingException)
        {
            // Still delivering its messages (or reloading) after the retries: left for a later purge, never dropped.
            return 0;
        }
        catch (TimeoutException) when (!cancellationToken.IsCancellationRequested)
        {
            // Busy past the retry budget (the instance runs one call at a time: a long control or commit is ahead of
            // this one): left for a later purge like a reloading one, so one slow instance does not fail the whole run.
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
