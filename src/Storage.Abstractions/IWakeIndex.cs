namespace OrleansWorkflows.Storage;

/// <summary>
/// The wake index: each instance's durable wake-up (<see cref="InstanceRecord.WakeAt"/>) and the due ones in order
/// (rules in <see cref="StoreRules"/>). The engine's recovery sweep reads it instead of keeping a reminder per instance:
/// the wake-up is part of the episode's own commit, so it costs no extra write. Every backend keeps it.
/// </summary>
/// <remarks>
/// Rule for every write of <see cref="InstanceRecord.WakeAt"/> (commit and <see cref="SetWakeUpAsync(string, long, DateTime?, long, CancellationToken)"/>):
/// while the instance has inbox entries the writer does not know of (ids above <see cref="InstanceCommit.InboxSeenUpTo"/>),
/// the stored value is <see cref="InstanceRecord.DueAtOnce"/> whatever was asked (an entry appended while an episode
/// ran is not part of its commit, and must not be left unwoken). Entries the writer knows of and leaves waiting by
/// design (buffered while suspended, queued behind an entity lock) do not keep it due.
/// </remarks>
public interface IWakeIndex
{
    /// <summary>Ids of instances whose <see cref="InstanceRecord.WakeAt"/> is at or before <paramref name="dueBy"/>,
    /// earliest first.</summary>
    /// <param name="dueBy">The latest wake-up time to return (UTC).</param>
    /// <param name="max">The most ids to return.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<IReadOnlyList<string>> FindDueWakeUpsAsync(DateTime dueBy, int max, CancellationToken cancellationToken = default);

    /// <summary>
    /// One page of due wake-ups: instances whose <see cref="InstanceRecord.WakeAt"/> is at or before
    /// <paramref name="dueBy"/> and that come after <paramref name="after"/> in (wake-up, instance id) order, earliest
    /// first. A sweep pages with the last one of each page, so every due instance is seen once.
    /// </summary>
    /// <param name="dueBy">The latest wake-up time to return (UTC).</param>
    /// <param name="after">The last wake-up of the previous page, or <c>null</c> for the first page.</param>
    /// <param name="max">The most wake-ups to return.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<IReadOnlyList<DueWakeUp>> FindDueWakeUpsAsync(DateTime dueBy, DueWakeUp? after, int max, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sets an instance's <see cref="InstanceRecord.WakeAt"/> as <see cref="SetWakeUpAsync(string, long, DateTime?, long, CancellationToken)"/>
    /// for a writer that knows of no inbox entry (any entry keeps the instance due at once).
    /// </summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="expectedVersion">The version the caller holds.</param>
    /// <param name="wakeAt">The new wake-up, or <c>null</c> for none.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    Task<bool> SetWakeUpAsync(string instanceId, long expectedVersion, DateTime? wakeAt, CancellationToken cancellationToken = default) =>
        SetWakeUpAsync(instanceId, expectedVersion, wakeAt, 0, cancellationToken);

    /// <summary>
    /// Sets an instance's <see cref="InstanceRecord.WakeAt"/> if its version is still <paramref name="expectedVersion"/>
    /// (the version does not change); returns false, changing nothing, when the instance changed or does not exist.
    /// </summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="expectedVersion">The version the caller holds.</param>
    /// <param name="wakeAt">The new wake-up, or <c>null</c> for none.</param>
    /// <param name="inboxSeenUpTo">The highest inbox entry id the caller knows of (<see cref="InstanceCommit.InboxSeenUpTo"/>).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    Task<bool> SetWakeUpAsync(string instanceId, long expectedVersion, DateTime? wakeAt, long inboxSeenUpTo, CancellationToken cancellationToken = default);
}
