using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansWorkflows.Bench;

/// <summary>
/// <c>--render a.json[,b.json...]</c>: reads results JSON files written by earlier runs (e.g. one per backend), merges
/// them into one report (rows in backend and workload order, durability, load averages and commands of each; the machine of the first) and prints and
/// writes it like a run would. Nothing is measured or changed: every figure comes from the files.
/// </summary>
internal static class ReportMerge
{
    private static readonly JsonSerializerOptions Read = new(BenchReport.Json) { PreferredObjectCreationHandling = JsonObjectCreationHandling.Populate };

    public static BenchReport Load(IEnumerable<string> files)
    {
        var reports = files.Select(f => JsonSerializer.Deserialize<BenchReport>(File.ReadAllText(f), Read)
            ?? throw new InvalidDataException($"{f} holds no results.")).ToList();
        var first = reports[0];
        var merged = new BenchReport
        {
            StartedUtc = reports.Min(r => r.StartedUtc),
            FinishedUtc = reports.Max(r => r.FinishedUtc),
            Command = string.Join(" ; ", reports.Select(r => r.Command)),
            Quick = reports.Any(r => r.Quick),
            Runs = reports.Min(r => r.Runs),
            MinWarmupSeconds = reports.Min(r => r.MinWarmupSeconds),
            Machine = first.Machine,
        };
        string[] backends = ["memory", "sqlite", "postgres"];
        var workloads = Workloads.WorkloadCatalog.Ids.ToList();
        merged.Rows.AddRange(reports.SelectMany(r => r.Rows).OrderBy(r => Array.IndexOf(backends, r.Backend)).ThenBy(r => workloads.IndexOf(r.Workload)));
        foreach (var report in reports)
        {
            foreach (var (key, value) in report.Durability)
            {
                merged.Durability[key] = value;
            }

            foreach (var (key, value) in report.LoadAverage)
            {
                merged.LoadAverage[key] = value;
            }
        }

        return merged;
    }
}
