namespace OrleansWorkflows.Storage;

public static partial class StoreRules
{
    /// <summary>
    /// The <see cref="InstanceRecord.WakeAt"/> a commit or a wake-up change stores: <see cref="InstanceRecord.DueAtOnce"/>
    /// while the instance has an inbox entry the writer does not know of (an id above <paramref name="inboxSeenUpTo"/>),
    /// else the requested value (see <see cref="IWakeIndex"/>). SQL form:
    /// <see cref="SqlInstanceFilter.WakeAtValue(string, char)"/>.
    /// </summary>
    /// <param name="requested">The wake-up the writer asks for.</param>
    /// <param name="highestInboxId">The highest id of the instance's inbox entries (0 when the inbox is empty).</param>
    /// <param name="inboxSeenUpTo">The highest inbox entry id the writer knows of.</param>
    public static DateTime? EffectiveWakeAt(DateTime? requested, long highestInboxId, long inboxSeenUpTo) =>
        highestInboxId > inboxSeenUpTo ? InstanceRecord.DueAtOnce : requested;

    /// <summary>The wake-up an inbox append stores: due at once, so a message acknowledged just before a crash is applied after it.</summary>
    public static DateTime WakeAtAfterAppend => InstanceRecord.DueAtOnce;

    /// <summary>Whether a stored wake-up is due by <paramref name="dueBy"/> (no wake-up is never due).</summary>
    /// <param name="wakeAt">The stored wake-up.</param>
    /// <param name="dueBy">The latest wake-up time to return (UTC).</param>
    public static bool IsDue(DateTime? wakeAt, DateTime dueBy) => wakeAt <= dueBy;

    /// <summary>The order of due wake-ups: by time, then instance id (ordinal).</summary>
    public static IComparer<DueWakeUp> DueOrder { get; } = Comparer<DueWakeUp>.Create((x, y) =>
    {
        var byTime = x.WakeAt.CompareTo(y.WakeAt);
        return byTime != 0 ? byTime : string.CompareOrdinal(x.InstanceId, y.InstanceId);
    });

    /// <summary>Whether <paramref name="wakeUp"/> comes after the page cursor <paramref name="after"/> (every one does when there is none).</summary>
    /// <param name="wakeUp">A due wake-up.</param>
    /// <param name="after">The last wake-up of the previous page, or <c>null</c>.</param>
    public static bool IsAfter(DueWakeUp wakeUp, DueWakeUp? after) => after is not { } cursor || DueOrder.Compare(wakeUp, cursor) > 0;

    /// <summary>Checks the size of a page of due wake-ups.</summary>
    /// <param name="max">The most wake-ups to return.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="max"/> is below 1.</exception>
    public static void CheckDuePageSize(int max) => ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);

    /// <summary>
    /// One page of due wake-ups from every instance's stored wake-up (for a store that keeps them in memory; SQL form:
    /// <see cref="SqlInstanceFilter.DueWakeUpsCondition"/>): due by <paramref name="dueBy"/>, after
    /// <paramref name="after"/>, in <see cref="DueOrder"/>, at most <paramref name="max"/>.
    /// </summary>
    /// <param name="wakeUps">Each instance's id and stored wake-up.</param>
    /// <param name="dueBy">The latest wake-up time to return (UTC).</param>
    /// <param name="after">The last wake-up of the previous page, or <c>null</c> for the first page.</param>
    /// <param name="max">The most wake-ups to return.</param>
    public static List<DueWakeUp> DuePage(IEnumerable<(string InstanceId, DateTime? WakeAt)> wakeUps, DateTime dueBy, DueWakeUp? after, int max)
    {
        ArgumentNullException.ThrowIfNull(wakeUps);
        CheckDuePageSize(max);
        return [.. wakeUps
            .Where(w => IsDue(w.WakeAt, dueBy))
            .Select(w => new DueWakeUp(w.InstanceId, w.WakeAt!.Value))
            .Where(w => IsAfter(w, after))
            .Order(DueOrder)
            .Take(max)];
    }
}
