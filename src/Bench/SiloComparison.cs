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

    /// <summary>What tracing may cost (issue 17: "tracing on must cost less than 10 % of hello3 throughput").</summary>
    public const double TracingTolerance = 0.10;

    /// <summary>
    /// <c>--paired dir</c>: the <c>--trace-toggle</c> results files in <paramref name="directory"/> (one per invocation,
    /// so one silo per file and row pair). Per silo, the cost of tracing is the median of its traced runs against the
    /// median of its untraced runs; the table gives the median of those per-silo changes with a 90 % bootstrap interval
    /// over silos (fixed seed) and a verdict against 10 %, beside the medians over silos of both sides' figures.
    /// </summary>
    public static string PairedMarkdown(string directory)
    {
        var pairs = new Dictionary<RowKey, List<(SiloFigure Off, SiloFigure On)>>();
        foreach (var report in Reports(directory))
        {
            var rows = report.Rows.Where(r => r.Status == "ok" && r.ThroughputMetric is not null && r.RunMetrics.Count > 0).ToList();
            var offSuffix = BenchRunner.ToggledLabel(string.Empty, on: false);
            foreach (var off in rows.Where(r => r.Variant.EndsWith(offSuffix, StringComparison.Ordinal)))
            {
                var variant = off.Variant[..^offSuffix.Length];
                var on = rows.FirstOrDefault(r => r.Workload == off.Workload && r.Backend == off.Backend && r.Variant == BenchRunner.ToggledLabel(variant, on: true));
                if (on is null)
                {
                    continue;
                }

                var key = new RowKey(off.Workload, off.Backend, variant, off.ThroughputMetric!);
                (pairs.TryGetValue(key, out var list) ? list : pairs[key] = []).Add((RunsFigure(off), RunsFigure(on)));
            }
        }

        if (pairs.Count == 0)
        {
            throw new ArgumentException($"{directory} holds no pair of 'traces off' and 'traces on' rows (--trace-toggle results).");
        }

        var text = new StringBuilder()
            .AppendLine("traces on against traces off, within each silo (--trace-toggle; cost = the median over silos of each silo's change)")
            .AppendLine()
            .AppendLine("| workload | backend | size | metric | silos | traces off | traces on | cost | 90 % interval | verdict | CPU/item |")
            .AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var (key, list) in pairs.OrderBy(p => p.Key.Workload).ThenBy(p => p.Key.Backend).ThenBy(p => p.Key.Variant))
        {
            var changes = list.Select(p => p.On.Figure / p.Off.Figure - 1).ToArray();
            var (change, low, high) = MedianWithInterval(changes);
            var verdict = low >= -TracingTolerance ? "costs less than 10 %" : high < -TracingTolerance ? "costs more than 10 %" : "undecided";
            text.AppendLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {key.Workload} | {key.Backend} | {key.Variant} | {key.Metric} | {list.Count} | {Stats.Median(list.Select(p => p.Off.Figure).ToArray()):N0} | {Stats.Median(list.Select(p => p.On.Figure).ToArray()):N0} | {Percent(change)} % | {Percent(low)} .. {Percent(high)} % | {verdict} | {Stats.Median(list.Select(p => p.Off.CpuPerItem).ToArray()):0} → {Stats.Median(list.Select(p => p.On.CpuPerItem).ToArray()):0} µs |"));
        }

        return text.ToString();
    }

    /// <summary>The median of <paramref name="values"/> and its 90 % bootstrap interval (fixed seed).</summary>
    public static (double Median, double Low, double High) MedianWithInterval(IReadOnlyList<double> values)
    {
        var sample = new double[values.Count];
        var (low, high) = Interval(17, random =>
        {
            Resample(values, sample, random);
            return Stats.Median(sample);
        });
        return (Stats.Median(values.ToArray()), low, high);
    }

    /// <summary>The 5th and 95th percentiles of <paramref name="statistic"/> over <see cref="Resamples"/> resamplings (fixed seed).</summary>
    private static (double Low, double High) Interval(int seed, Func<Random, double> statistic)
    {
        var random = new Random(seed);
        var resampled = new double[Resamples];
        for (var i = 0; i < Resamples; i++)
        {
            resampled[i] = statistic(random);
        }

        return (Stats.Percentile(resampled, 5), Stats.Percentile(resampled, 95));
    }

    /// <summary>Fills <paramref name="sample"/> with values drawn from <paramref name="values"/> with replacement.</summary>
    private static void Resample(IReadOnlyList<double> values, double[] sample, Random random)
    {
        for (var j = 0; j < sample.Length; j++)
        {
            sample[j] = values[random.Next(values.Count)];
        }
    }

    /// <summary>A row's figure from its measured runs only, and its median CPU per item.</summary>
    private static SiloFigure RunsFigure(ResultRow row) => new(
        Stats.Median(row.RunMetrics.Select(m => m[row.ThroughputMetric!]).ToArray()),
        Stats.Median(row.RunMetrics.Select(m => m.GetValueOrDefault("silo_cpu_us_per_item", double.NaN)).ToArray()));

    /// <summary>The change of the median (after ÷ before − 1) and its 90 % bootstrap interval over silos.</summary>
    public static (double Change, double Low, double High) Change(IReadOnlyList<double> before, IReadOnlyList<double> after)
    {
        var change = Stats.Median(after.ToArray()) / Stats.Median(before.ToArray()) - 1;
        var b = new double[before.Count];
        var a = new double[after.Count];
        var (low, high) = Interval(18, random =>
        {
            Resample(before, b, random);
            Resample(after, a, random);
            return Stats.Median(a) / Stats.Median(b) - 1;
        });
        return (change, low, high);
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
        var rows = new Dictionary<RowKey, List<SiloFigure>>();
        foreach (var report in Reports(directory))
        {
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

    /// <summary>Every results file in <paramref name="directory"/>, in name order.</summary>
    private static IEnumerable<BenchReport> Reports(string directory)
    {
        var files = Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            throw new ArgumentException($"{directory} holds no results files (*.json).");
        }

        foreach (var file in files)
        {
            yield return JsonSerializer.Deserialize<BenchReport>(File.ReadAllText(file), Read) ?? throw new InvalidDataException($"{file} holds no results.");
        }
    }

    private sealed record RowKey(string Workload, string Backend, string Variant, string Metric);
}
