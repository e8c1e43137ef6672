using Orleans.Concurrency;

namespace OrleansWorkflows.Runtime;

/// <summary>
/// One durable entity (grain key = <see cref="EntityId.ToString"/>, <c>@name@key</c>). Engine plumbing: use
/// <see cref="WorkflowClient"/> from outside and the <see cref="OrchestrationContext"/> from orchestrations.
/// The grain is not reentrant; deliveries (<see cref="DeliverAsync"/>, <see cref="SignalAsync"/>: they only append to
/// the inbox, and concurrent ones are batched) and the status read (<see cref="GetAsync"/>) interleave.
/// </summary>
[Alias("ow.IEntityGrain")]
public interface IEntityGrain : IGrainWithStringKey
{
    /// <summary>Accepts an engine message (signal, call, lock, unlock). Returns once it is durably in the entity's inbox
    /// (or found to be a duplicate); operations run later, one at a time. Returns the answer the sender must apply to
    /// itself when the message is refused at once (a call or lock request to an entity name nobody registered), else
    /// <c>null</c>.</summary>
    /// <param name="message">The message.</param>
    [Alias("DeliverAsync")]
    [AlwaysInterleave]
    Task<WorkflowMessage?> DeliverAsync(WorkflowMessage message);

    /// <summary>Accepts a signal from a client; returns once it is durably in the entity's inbox.</summary>
    /// <param name="operationName">The operation.</param>
    /// <param name="input">The JSON input.</param>
    /// <param name="requestId">The caller's request id, or <c>null</c>: a signal repeated with a request id the entity
    /// recently received is accepted without being applied again.</param>
    [Alias("SignalAsync")]
    [AlwaysInterleave]
    Task<OperationResult> SignalAsync(string operationName, string? input, string? requestId);

    /// <summary>Gets the entity's metadata, or <c>null</c> when it does not exist (no state).</summary>
    /// <param name="includeState">Include the state JSON.</param>
    [Alias("GetAsync")]
    [AlwaysInterleave]
    Task<EntityMetadata?> GetAsync(bool includeState);
}
