using Orleans.Concurrency;
using OrleansWorkflows.Runtime;
using OrleansWorkflows.Storage;

namespace OrleansWorkflows.Engine;

/// <summary>Answers instance queries from the store's index (never by asking instance grains); runs on the calling silo.</summary>
[StatelessWorker]
[GrainType("workflowmanagement")]
internal sealed class WorkflowManagementGrain(IWorkflowStore store) : Grain, IWorkflowManagementGrain
{
    public async Task<OrchestrationQueryResult> QueryAsync(OrchestrationQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var page = await store.QueryAsync(new InstanceQuery
        {
            Statuses = query.Statuses,
            Name = query.Name,
            CreatedFrom = query.CreatedFrom,
            CreatedTo = query.CreatedTo,
            InstanceIdPrefix = query.InstanceIdPrefix,
            PageSize = query.PageSize,
            ContinuationToken = query.ContinuationToken,
            IncludeInputsAndOutputs = query.IncludeInputsAndOutputs,
            Version = query.Version,
        });

        // Entities share the instance index under ids starting with '@'; orchestration listings leave them out.
        var includeEntities = query.InstanceIdPrefix?.StartsWith('@') == true;
        var instances = page.Instances
            .Where(r => includeEntities || !r.InstanceId.StartsWith('@'))
            .Select(r => StatusMapping.ToMetadata(r, query.IncludeInputsAndOutputs))
            .ToList();
        return new OrchestrationQueryResult(instances, page.ContinuationToken);
    }

    public async Task<HistoryPage?> GetHistoryAsync(string instanceId, int skip, int take)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfLessThan(take, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(take, 10_000);
        if (await store.GetRecordAsync(instanceId) is null)
        {
            return null;
        }

        var events = await store.ReadHistoryAsync(instanceId, skip, take + 1);
        var more = events.Count > take;
        return new HistoryPage("[" + string.Join(",", events.Take(take)) + "]", more ? skip + take : null);
    }
}
