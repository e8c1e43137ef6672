using System.Text.Json;
using OrleansWorkflows.Bench;

// The benchmark tool: launches the built silo per backend as a child process, drives the workloads of
// docs/benchmarks.md through the WorkflowClient facade as a separate Orleans client, prints a table, writes JSON
// (and an SVG chart with --svg). Exit code 0 when every row ran or was skipped with a reason, 1 when a row failed.
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

if (options.Compare.Count > 0 || options.Paired is not null)
{
    try
    {
        Console.WriteLine(options.Paired is { } paired ? SiloComparison.PairedMarkdown(paired) : SiloComparison.Markdown(options.Compare));
        return 0;
    }
    catch (Exception ex) when (ex is ArgumentException or IOException or JsonException or InvalidDataException)
    {
        Console.Error.WriteLine(ex.Message);
        return 2;
    }
}

var report = options.Render.Count > 0 ? ReportMerge.Load(options.Render) : await RunAsync(options);
Console.WriteLine();
Console.WriteLine(ResultTable.Markdown(report));
await File.WriteAllTextAsync(options.OutputJson, JsonSerializer.Serialize(report, BenchReport.Json));
Console.WriteLine($"Results: {Path.GetFullPath(options.OutputJson)}");
if (options.OutputSvg is { } svg)
{
    await File.WriteAllTextAsync(svg, SvgChart.Render(report));
    Console.WriteLine($"Chart: {Path.GetFullPath(svg)}");
}

return report.Rows.Any(r => r.Status == "failed") ? 1 : 0;

static async Task<BenchReport> RunAsync(BenchOptions options)
{
    var report = new BenchReport
    {
        StartedUtc = DateTime.UtcNow,
        Command = $"Bench {options.CommandLine}".Trim(),
        Quick = options.Quick,
        Runs = options.Runs,
        MinWarmupSeconds = options.MinWarmup.TotalSeconds,
        Machine = MachineInfo.Current(),
    };
    using (var progress = new Progress())
    {
        var runner = new BenchRunner(options, report, progress);
        foreach (var backend in options.Backends)
        {
            await runner.RunBackendAsync(backend);
        }
    }

    report.FinishedUtc = DateTime.UtcNow;
    return report;
}
