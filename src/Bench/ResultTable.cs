using System.Text;

namespace OrleansWorkflows.Bench;

/// <summary>The results as a Markdown table (printed at the end, and pasted into docs/benchmarks.md).</summary>
internal static class ResultTable
{
    public static string Markdown(BenchReport report)
    {
        var text = new StringBuilder();
        text.AppendLine("| backend | workload | size | result (median) | target | verdict | silo CPU | other CPU |");
        text.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var row in report.Rows)
        {
            var result = row.Status == "ok" ? row.Summary : $"{row.Status}: {row.Note}";
            var target = row.Target is { } t ? $"{(t.HigherIsBetter ? ">=" : "<=")} {t.Value:G} ({t.Metric})" : string.Empty;
            var other = row.Median.TryGetValue("other_cpu_pct", out var busy) ? $"{busy:0}%" : string.Empty;
            var silo = row.Median.TryGetValue("silo_cpu_ms", out var ms) ? $"{ms / 1000:0.0} s" : string.Empty;
            if (row.Median.TryGetValue("silo_cpu_us_per_item", out var perItem))
            {
                silo += $" ({perItem:0} µs/item)";
            }

            if (row.Settled == false)
            {
                silo += " (unsettled)";
            }

            text.AppendLine($"| {row.Backend} | {row.Workload} | {row.Variant} | {Escape(result)} | {target} | {row.Verdict} | {silo} | {other} |");
        }

        return text.ToString();
    }

    private static string Escape(string? cell) => (cell ?? string.Empty).Replace("|", "\\|", StringComparison.Ordinal);
}
