namespace OrleansWorkflows.Storage;

/// <summary>
/// The rules every workflow store applies, written once: commit preconditions (here), duplicate detection of inbox
/// appends, due-at-once and the order of due wake-ups, and query page trimming (the other parts of this class). Pure:
/// a backend reads its stored state, asks these rules what to do, and writes the outcome. SQL backends that decide
/// inside a statement use the same rules in SQL form (<see cref="SqlInstanceFilter"/>).
/// </summary>
public static partial class StoreRules
{
    /// <summary>
    /// Why <paramref name="commit"/> may not apply to the stored instance, or <c>null</c> when it may: the stored version
    /// (0 = no instance) must be <see cref="InstanceCommit.ExpectedVersion"/>, and unless the commit starts a new execution
    /// the stored history count must be <see cref="InstanceCommit.HistoryCountBefore"/>.
    /// </summary>
    /// <param name="commit">The commit.</param>
    /// <param name="storedVersion">The stored version; 0 when the instance does not exist.</param>
    /// <param name="storedHistoryCount">The number of history events stored for the current execution.</param>
    public static ConcurrencyException? CommitConflict(InstanceCommit commit, long storedVersion, long storedHistoryCount)
    {
        ArgumentNullException.ThrowIfNull(commit);
        var id = commit.Record.InstanceId;
        if (storedVersion != commit.ExpectedVersion)
        {
            return new ConcurrencyException($"Instance '{id}' is at version {storedVersion}, not {commit.ExpectedVersion}.");
        }

        if (storedVersion != 0 && !commit.ReplaceHistory && storedHistoryCount != commit.HistoryCountBefore)
        {
            return new ConcurrencyException($"Instance '{id}' has {storedHistoryCount} history events, not {commit.HistoryCountBefore}.");
        }

        return null;
    }

    /// <summary>Throws the <see cref="CommitConflict"/> of <paramref name="commit"/>, if any.</summary>
    /// <param name="commit">The commit.</param>
    /// <param name="storedVersion">The stored version; 0 when the instance does not exist.</param>
    /// <param name="storedHistoryCount">The number of history events stored for the current execution.</param>
    /// <exception cref="ConcurrencyException">The commit may not apply.</exception>
    public static void CheckCommit(InstanceCommit commit, long storedVersion, long storedHistoryCount)
    {
        if (CommitConflict(commit, storedVersion, storedHistoryCount) is { } conflict)
        {
            throw conflict;
        }
    }

    /// <summary>
    /// Whether the commit first drops the stored history: a new execution (start, restart, continue-as-new) of an
    /// instance that exists compacts the previous execution's events away.
    /// </summary>
    /// <param name="commit">The commit (its preconditions hold).</param>
    /// <param name="storedVersion">The stored version; 0 when the instance does not exist.</param>
    public static bool DropsStoredHistory(InstanceCommit commit, long storedVersion)
    {
        ArgumentNullException.ThrowIfNull(commit);
        return commit.ReplaceHistory && storedVersion != 0;
    }

    /// <summary>The sequence number of the commit's first appended history event: 0 for a new execution, else the stored count.</summary>
    /// <param name="commit">The commit (its preconditions hold).</param>
    /// <param name="storedHistoryCount">The number of history events stored for the current execution.</param>
    public static long HistoryStart(InstanceCommit commit, long storedHistoryCount)
    {
        ArgumentNullException.ThrowIfNull(commit);
        return commit.ReplaceHistory ? 0 : storedHistoryCount;
    }

    /// <summary>The version a commit (or a create) leaves: one more than the stored one.</summary>
    /// <param name="storedVersion">The stored version; 0 when the instance does not exist.</param>
    public static long NextVersion(long storedVersion) => storedVersion + 1;

    /// <summary>Whether a purge expecting <paramref name="expectedVersion"/> may delete an instance stored at <paramref name="storedVersion"/>.</summary>
    /// <param name="storedVersion">The stored version, or <c>null</c> when the instance does not exist.</param>
    /// <param name="expectedVersion">The version the caller saw.</param>
    public static bool MayPurge(long? storedVersion, long expectedVersion) => storedVersion is { } stored && stored == expectedVersion;
}
