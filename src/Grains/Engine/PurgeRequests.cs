using OrleansWorkflows.Runtime;
using OrleansWorkflows.Storage;

namespace OrleansWorkflows.Engine;

/// <summary>
/// An orchestration's purge in the store and its request id: the purge remembers its request id in the store with the
/// deletion, so a repeat is recognised by any later activation (also after idle collection or a restart) while the
/// request id window lasts, and a repeat that arrives while the purge is in flight waits for it.
/// </summary>
/// <param name="instanceId">The orchestration instance.</param>
/// <param name="store">The workflow store.</param>
/// <param name="now">The engine clock (the purge request's time, for the request-id window).</param>
internal sealed class PurgeRequests(string instanceId, IWorkflowStore store, Func<DateTime> now)
{
    /// <summary>The purge in flight and its request id.</summary>
    private (string? RequestId, Task<bool> Purged)? _purging;

    /// <summary>
    /// The answer to a purge repeated with the request id of one in flight or applied, else <c>null</c>;
    /// <paramref name="afterInFlight"/> runs once a purge in flight with that request id ended (the owner checks it is still usable).
    /// </summary>
    public async Task<OperationResult?> RepeatedAsync(string? requestId, Action afterInFlight)
    {
        if (requestId is null)
        {
            return null;
        }

        if (_purging is { } purging && purging.RequestId == requestId)
        {
            await purging.Purged;
            afterInFlight();
        }

        return await store.HasRequestAsync(instanceId, requestId) ? OperationResult.Ok : null;
    }

    /// <summary>Purges the instance in the store, remembering the purge's request id in the same write.</summary>
    public async Task<bool> PurgeOnceAsync(string? requestId, long version)
    {
        var purged = requestId is null ? store.PurgeAsync(instanceId, version) : store.PurgeAsync(instanceId, version, requestId, now());
        _purging = (requestId, purged);
        try
        {
            return await purged;
        }
        finally
        {
            _purging = null;
        }
    }
}
