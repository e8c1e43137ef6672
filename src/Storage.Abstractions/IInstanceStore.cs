namespace OrleansWorkflows.Storage;

/// <summary>
/// Instances and their history: the role of the workflow store the engine's episodes use. History is append-only per
/// execution; an episode's history, status and outbox are committed atomically and conditionally
/// (<see cref="CommitAsync"/>, preconditions in <see cref="StoreRules"/>). Payloads are opaque JSON strings here: the
/// history JSON contract lives in the engine.
/// </summary>
public interface IInstanceStore
{
    /// <summary>Loads an instance's status record, current history, inbox and outbox; <c>null</c> when it does not exist.</summary>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<InstanceSnapshot?> LoadAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>Loads only the status record; <c>null</c> when the instance does not exist.</summary>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<InstanceRecord?> GetRecordAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>Reads the history of the current execution in order, or a page of it.</summary>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="skip">Events to skip from the start.</param>
    /// <param name="take">The most events to return.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<IReadOnlyList<string>> ReadHistoryAsync(string instanceId, int skip = 0, int take = int.MaxValue, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes an instance entirely (record, history, inbox, outbox) if its version is still
    /// <paramref name="expectedVersion"/>; returns false (and deletes nothing) when it does not exist or changed.
    /// </summary>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="expectedVersion">The version the caller saw.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    Task<bool> PurgeAsync(string instanceId, long expectedVersion, CancellationToken cancellationToken = default);

    /// <summary>
    /// As <see cref="PurgeAsync(string, long, CancellationToken)"/>, and in the same write remembers the purge's own
    /// <paramref name="requestId"/> (received at <paramref name="requestedAt"/>) as the one request id of the instance id:
    /// <see cref="IMailboxStore.HasRequestAsync"/> recognises a repeat of the purge after the instance is gone, until
    /// <see cref="IMailboxStore.PruneRequestsAsync"/> forgets it. An instance created again under the id finds it remembered too.
    /// </summary>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="expectedVersion">The version the caller saw.</param>
    /// <param name="requestId">The purge request's id.</param>
    /// <param name="requestedAt">When the purge was received (for pruning).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    Task<bool> PurgeAsync(string instanceId, long expectedVersion, string requestId, DateTime requestedAt, CancellationToken cancellationToken = default);

    /// <summary>
    /// Atomically applies one episode: the new record, history appended (or replaced for a new execution), inbox
    /// entries consumed or added, outbox entries added or removed. Succeeds only when the stored version equals
    /// <see cref="InstanceCommit.ExpectedVersion"/> (0 = the instance must not exist); otherwise nothing changes and
    /// <see cref="ConcurrencyException"/> is thrown.
    /// </summary>
    /// <param name="commit">The changes.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The new version.</returns>
    Task<long> CommitAsync(InstanceCommit commit, CancellationToken cancellationToken = default);
}
