namespace OrleansWorkflows.Bench;

/// <summary>Medians and percentiles (nearest rank).</summary>
internal static class Stats
{
    public static double Percentile(IReadOnlyCollection<double> values, double percentile)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public static double Median(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>The median of every metric over the runs.</summary>
    public static Dictionary<string, double> MedianOf(IReadOnlyList<Dictionary<string, double>> runs) =>
        runs.SelectMany(r => r.Keys).Distinct().ToDictionary(k => k, k => Median([.. runs.Where(r => r.ContainsKey(k)).Select(r => r[k])]));
}
