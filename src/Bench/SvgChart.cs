using System.Globalization;
using System.Net;
using System.Text;

namespace OrleansWorkflows.Bench;

/// <summary>A horizontal bar chart (log scale) of every row's throughput, one colour per backend, as SVG.</summary>
internal static class SvgChart
{
    private const int LabelWidth = 330;
    private const int BarWidth = 520;
    private const int RowHeight = 22;
    private static readonly Dictionary<string, string> Colours = new() { ["memory"] = "#4e79a7", ["sqlite"] = "#f28e2b", ["postgres"] = "#59a14f" };

    public static string Render(BenchReport report)
    {
        var rows = report.Rows.Where(r => r.Status == "ok" && r.ThroughputMetric is { } m && r.Median.ContainsKey(m)).ToList();
        var max = Math.Max(10, rows.Select(r => r.Median[r.ThroughputMetric!]).DefaultIfEmpty(10).Max());
        var decades = Math.Ceiling(Math.Log10(max));
        var height = 60 + (rows.Count * RowHeight) + 30;
        var svg = new StringBuilder();
        svg.Append(Inv($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{LabelWidth + BarWidth + 120}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"12\">\n"));
        svg.Append(Inv($"<text x=\"10\" y=\"20\" font-size=\"15\">Throughput per workload (items/s, log scale) - {report.Machine.Cores} cores, {(report.Quick ? "quick" : $"median of {report.Runs}")} runs</text>\n"));
        for (var d = 0; d <= decades; d++)
        {
            var x = LabelWidth + (BarWidth * d / decades);
            svg.Append(Inv($"<line x1=\"{x:0.#}\" y1=\"40\" x2=\"{x:0.#}\" y2=\"{height - 25}\" stroke=\"#ddd\"/><text x=\"{x:0.#}\" y=\"{height - 10}\" text-anchor=\"middle\">{Math.Pow(10, d):N0}</text>\n"));
        }

        var y = 50;
        foreach (var row in rows)
        {
            var value = row.Median[row.ThroughputMetric!];
            var width = BarWidth * Math.Max(0, Math.Log10(Math.Max(value, 1))) / decades;
            var label = WebUtility.HtmlEncode($"{row.Backend} {row.Workload} {row.Variant} ({row.ThroughputMetric})");
            var colour = Colours.GetValueOrDefault(row.Backend, "#999");
            svg.Append(Inv($"<text x=\"{LabelWidth - 6}\" y=\"{y + 14}\" text-anchor=\"end\">{label}</text>"));
            svg.Append(Inv($"<rect x=\"{LabelWidth}\" y=\"{y + 3}\" width=\"{width:0.#}\" height=\"{RowHeight - 6}\" fill=\"{colour}\"/>"));
            svg.Append(Inv($"<text x=\"{LabelWidth + width + 4:0.#}\" y=\"{y + 14}\">{value:N0}</text>\n"));
            y += RowHeight;
        }

        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
