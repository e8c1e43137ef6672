using OrleansWorkflows.Runtime;

namespace OrleansWorkflows;

/// <summary>Durable entities from outside the engine.</summary>
public sealed partial class WorkflowClient
{
    /// <summary>Signals an entity operation with an object input (serialized to JSON). See <see cref="SignalEntityJsonAsync(EntityId, string, string?, string?, CancellationToken)"/>.</summary>
    /// <param name="entity">The entity.</param>
    /// <param name="operationName">The operation name.</param>
    /// <param name="input">The input.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    public Task SignalEntityAsync(EntityId entity, string operationName, object? input = null, CancellationToken cancellationToken = default) =>
        SignalEntityJsonAsync(entity, operationName, WorkflowJson.Serialize(input), null, cancellationToken);

    /// <summary>Signals an entity operation with an object input (serialized to JSON), once per request id.</summary>
    /// <param name="entity">The entity.</param>
    /// <param name="operationName">The operation name.</param>
    /// <param name="input">The input.</param>
    /// <param name="requestId">See <see cref="SignalEntityJsonAsync(EntityId, string, string?, string?, CancellationToken)"/>.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    public Task SignalEntityAsync(EntityId entity, string operationName, object? input, string? requestId, CancellationToken cancellationToken = default) =>
        SignalEntityJsonAsync(entity, operationName, WorkflowJson.Serialize(input), requestId, cancellationToken);

    /// <summary>Signals an entity operation with a JSON input (under a new request id).</summary>
    /// <param name="entity">The entity.</param>
    /// <param name="operationName">The operation name.</param>
    /// <param name="inputJson">The JSON input, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    public Task SignalEntityJsonAsync(EntityId entity, string operationName, string? inputJson, CancellationToken cancellationToken = default) =>
        SignalEntityJsonAsync(entity, operationName, inputJson, null, cancellationToken);

    /// <summary>
    /// Signals an entity operation (one-way) and returns once the signal is durably in the entity's inbox; the entity
    /// runs it later, after the signals it received before. The signal carries a request id (<paramref name="requestId"/>,
    /// or a new one for this call), so it is applied once even when the call is repeated — by this client's retries
    /// after a transient cluster error, or by a caller that passes the same request id again: the store remembers every
    /// request id an entity received for the engine's request-id window (<c>WorkflowEngineOptions.RequestIdWindow</c>,
    /// 15 minutes by default). Orchestrations and entities signal exactly once by sequence numbers. The operation's span
    /// (when tracing is on) is a child of the caller's current span (<c>Activity.Current</c>).
    /// </summary>
    /// <param name="entity">The entity.</param>
    /// <param name="operationName">The operation name.</param>
    /// <param name="inputJson">The JSON input, or <c>null</c>.</param>
    /// <param name="requestId">The caller's id for this request (1-128 characters, no control characters), or <c>null</c> for a new one.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <exception cref="WorkflowClientException">Unknown entity name, invalid id, operation name, request id or JSON.</exception>
    public async Task SignalEntityJsonAsync(EntityId entity, string operationName, string? inputJson, string? requestId, CancellationToken cancellationToken = default)
    {
        CheckEntity(entity);
        CheckMessage("operation name", operationName, "operation input", inputJson, requestId);
        requestId ??= InstanceIds.New();

        // The caller's trace context (a traced HTTP request, a span of the app) becomes the parent of the operation's span.
        var traceParent = System.Diagnostics.Activity.Current?.Id;
        var result = await RetryTransientAsync(
            () => CallerTraceContext.CallAsync(traceParent, () => Entity(entity).SignalAsync(operationName, inputJson, requestId)), cancellationToken);
        ThrowIfRefused(result, entity.ToString());
    }

    /// <summary>Gets an entity's metadata (and state), or <c>null</c> when it does not exist (no state).</summary>
    /// <param name="entity">The entity.</param>
    /// <param name="includeState">Include the state JSON.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    public Task<EntityMetadata?> GetEntityAsync(EntityId entity, bool includeState = true, CancellationToken cancellationToken = default)
    {
        CheckEntity(entity);
        return RetryTransientAsync(() => Entity(entity).GetAsync(includeState), cancellationToken);
    }

    /// <summary>Gets an entity's state as JSON, or <c>null</c> when it does not exist.</summary>
    /// <param name="entity">The entity.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    public async Task<string?> GetEntityStateJsonAsync(EntityId entity, CancellationToken cancellationToken = default) =>
        (await GetEntityAsync(entity, includeState: true, cancellationToken))?.SerializedState;

    /// <summary>Gets an entity's state, or <c>default</c> when it does not exist (use <see cref="GetEntityAsync"/> to tell the two apart).</summary>
    /// <typeparam name="T">The state type.</typeparam>
    /// <param name="entity">The entity.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    public async Task<T?> GetEntityStateAsync<T>(EntityId entity, CancellationToken cancellationToken = default) =>
        WorkflowJson.Deserialize<T>(await GetEntityStateJsonAsync(entity, cancellationToken));

    private IEntityGrain Entity(EntityId entity) => _grains.GetGrain<IEntityGrain>(entity.ToString());

    private static void CheckEntity(EntityId entity)
    {
        if (EntityId.ValidateName(entity.Name) is { } error)
        {
            throw new WorkflowClientException(OperationOutcome.InvalidInput, error);
        }
    }
}
