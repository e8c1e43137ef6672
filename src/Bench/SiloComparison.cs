using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansWorkflows.Bench;

/// <summary>
/// <c>--compare base-dir,other-dir[,...]</c>: compares commits across many fresh silos. Each directory holds the results
/// files of one side (one file per tool invocation, so every row in it is one silo process); the first directory is
/// the baseline. Per row, each silo contributes one steady-state figure (the median of its last two settling figures and
/// its measured runs), because on this machine two silos of the same commit differ by up to 2x while runs inside one
/// silo agree within a few percent: the silo, not the run, is the unit that varies. The table gives each side's median
/// over its silos, the change against the baseline with a 90 % bootstrap interval (resampling silos, fixed seed, so
/// the output is reproducible), and the median silo CPU per item. Nothing is measured.
/// </summary>
internal static class SiloComparison
{
    /// <summary>How much slower a row may be (issue 18: "no workload more than 5 % slower").</summary>
    public const double Tolerance = 0.05;

    private const int Resamples = 4000;

    private static readonly JsonSerializerOptions Read = new(BenchReport.Json) { PreferredObjectCreationHandling = JsonObjectCreationHandling.Populate };

    /// <summary>One silo's steady figure and CPU per item for a row.</summary>
    internal sealed record SiloFigure(double Figure, double CpuPerItem);

    /// <summary>Reads every results file of every side and prints the comparison table.</summary>
    public static string Markdown(IReadOnlyList<string> directories)
    {
        if (directories.Count < 2)
        {
            throw new ArgumentException("--compare needs at least two directories: the baseline first.");
        }

        var sides = directories.Select(d => (Name: Path.GetFileName(Path.TrimEndingDirectorySeparator(d)), Rows: Load(d))).ToList();
        var text = new StringBuilder();
        var baseline = sides[0];
        foreach (var side in sides.Skip(1))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{side.Name} against {baseline.Name} (each figure: one fresh silo)")
                .AppendLine()
                .AppendLine($"| workload | backend | size | metric | silos | {baseline.Name} | {side.Name} | change | 90 % interval | verdict | CPU/item |")
                .AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
            foreach (var (key, before) in baseline.Rows.OrderBy(r => r.Key.Workload).ThenBy(r => r.Key.Backend).ThenBy(r => r.Key.Variant))
            {
                if (!side.Rows.TryGetValue(key, out var after))
                {
                    continue;
                }

                text.AppendLine(Row(key, before, after));
            }

            text.AppendLine();
        }

        return text.ToString();
    }

    /// <summary>The change of the median (after ÷ before − 1) and its 90 % bootstrap interval over silos.</summary>
    public static (double Change, double Low, double High) Change(IReadOnlyList<double> before, IReadOnlyList<double> after)
    {
        var change = Stats.Median(after.ToArray()) / Stats.Median(before.ToArray()) - 1;
        var random = new Random(18);
        var resampled = new double[Resamples];
        var b = new double[before.Count];
        var a = new double[after.Count];
        for (var i = 0; i < Resamples; i++)
        {
            for (var j = 0; j < b.Length; j++)
            {
                b[j] = before[random.Next(before.Count)];
            }

            for (var j = 0; j < a.Length; j++)
            {
                a[j] = after[random.Next(after.Count)];
            }

            resampled[i] = Stats.Median(a) / Stats.Median(b) - 1;
        }

        return (change, Stats.Percentile(resampled, 5), Stats.Percentile(resampled, 95));
    }

    /// <summary>"within 5 %" when the whole interval is above −5 %, "slower" when it is wholly below, else "undecided".</summary>
    public static string Verdict(double low, double high) =>
        low >= -Tolerance ? "not slower than 5 %" : high < -Tolerance ? "slower by more than 5 %" : "undecided";

    /// <summary>A signed percentage with one decimal; a change that rounds to zero prints as "+0.0" (not "-+0.0").</summary>
    public static string Percent(double fraction) =>
        Math.Round(fraction * 100, 1) is var p && p == 0 ? "+0.0" : p.ToString("+0.0;-0.0", CultureInfo.InvariantCulture);

    private static string Row(RowKey key, List<SiloFigure> before, List<SiloFigure> after)
    {
        var (change, low, high) = Change(before.Select(s => s.Figure).ToList(), after.Select(s => s.Figure).ToList());
        var cpuBefore = Stats.Median(before.Select(s => s.CpuPerItem).ToArray());
        var cpuAfter = Stats.Median(after.Select(s => s.CpuPerItem).ToArray());
        return string.Create(
            CultureInfo.InvariantCulture,
            $"| {key.Workload} | {key.Backend} | {key.Variant} | {key.Metric} | {before.Count} / {after.Count} | {Stats.Median(before.Select(s => s.Figure).ToArray()):N0} | {Stats.Median(after.Select(s => s.Figure).ToArray()):N0} | {Percent(change)} % | {Percent(low)} .. {Percent(high)} % | {Verdict(low, high)} | {cpuBefore:0} → {cpuAfter:0} µs |");
    }

    /// <summary>Every row of every results file in <paramref name="directory"/>: one figure per silo.</summary>
    private static Dictionary<RowKey, List<SiloFigure>> Load(string directory)
    {
        var files = Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            throw new ArgumentException($"{directory} holds no results files (*.json).");
        }

        var rows = new Dictionary<RowKey, List<SiloFigure>>();
        foreach (var file in files)
        {
            var report = JsonSerializer.Deserialize<BenchReport>(File.ReadAllText(file), Read) ?? throw new InvalidDataException($"{file} holds no results.");
            foreach (var row in report.Rows.Where(r => r.Status == "ok" && r.ThroughputMetric is not null && r.RunMetrics.Count > 0))
            {
                var metric = row.ThroughputMetric!;
                var steady = row.RunMetrics.Select(m => m[metric]).ToList();
                if (row.SettleMetric == metric)
                {
                    steady.AddRange(row.SettleFigures.TakeLast(2));
                }

                var key = new RowKey(row.Workload, row.Backend, row.Variant, metric);
                var cpu = Stats.Median(row.RunMetrics.Select(m => m.GetValueOrDefault("silo_cpu_us_per_item", double.NaN)).ToArray());
                (rows.TryGetValue(key, out var list) ? list : rows[key] = []).Add(new SiloFigure(Stats.Median(steady), cpu));
            }
        }

        return rows;
    }

    private sealed record RowKey(string Workload, string Backend, string Variant, string Metric);
}
