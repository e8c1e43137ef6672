namespace OrleansWorkflows.Storage;

/// <summary>
/// Ranges of Orleans' consistent hash ring as reminder tables receive them: (begin, end], wrapping around zero when
/// begin is not below end, the whole ring when they are equal. Durable stores translate the same rule into SQL.
/// </summary>
public static class HashRingRange
{
    /// <summary>Whether <paramref name="hash"/> lies in the ring range (<paramref name="begin"/>, <paramref name="end"/>].</summary>
    /// <param name="begin">The exclusive lower bound.</param>
    /// <param name="end">The inclusive upper bound.</param>
    /// <param name="hash">A grain's uniform hash code.</param>
    public static bool Contains(uint begin, uint end, uint hash) =>
        begin < end ? hash > begin && hash <= end : hash > begin || hash <= end;
}
