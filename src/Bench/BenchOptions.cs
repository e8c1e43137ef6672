using System.Globalization;
using System.Reflection;

namespace OrleansWorkflows.Bench;

/// <summary>The command line: <c>[--quick] [--backend memory|sqlite|postgres|azure|all] [--workload id] [--runs n] [--pg conn]
/// [--warmup seconds] [--settle percent] [--scale k] [--out file.json] [--svg file.svg] [--silo path.dll] [--gateway path.dll]</c>.</summary>
internal sealed record BenchOptions
{
    public bool Quick { get; init; }

    public IReadOnlyList<string> Backends { get; init; } = ["memory", "sqlite", "postgres"];

    public string? Workload { get; init; }

    public int Runs { get; init; } = 3;

    /// <summary>
    /// Multiplies every row's size and warm-up size (default 1). A larger row runs longer per measurement, so that one
    /// settled figure per silo is worth comparing across many fresh silos (issue 18: two silos of one commit differ by
    /// up to 2x at N=1,000).
    /// </summary>
    public int Scale { get; init; } = 1;

    /// <summary><c>--otlp</c>: every silo traces and exports its spans and metrics over OTLP to a stand-in collector
    /// (<see cref="OtlpSink"/>): the cost of tracing, against a run without it.</summary>
    public bool Otlp { get; init; }

    /// <summary>The rows of <paramref name="workload"/> this invocation runs: its variants, scaled by <see cref="Scale"/>.</summary>
    public IReadOnlyList<Workloads.Variant> VariantsOf(Workloads.Workload workload) => Scale == 1
        ? workload.Variants(Quick)
        : [.. workload.Variants(Quick).Select(v => v with { Label = $"{v.Label} x{Scale}", N = v.N * Scale, WarmupN = v.WarmupN * Scale })];

    /// <summary>
    /// The least time spent warming up before a variant's measured runs: its warm-up run is repeated until this has
    /// passed (at most <see cref="MaxWarmupRuns"/> times), so that the silo's JIT tiering has settled. Default 3 s;
    /// <c>--quick</c> does one warm-up run, and so do workloads measured on a fresh silo per run (idle).
    /// </summary>
    public TimeSpan MinWarmup { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>The most warm-up runs before one variant.</summary>
    public const int MaxWarmupRuns = 20;

    /// <summary>
    /// After <see cref="MinWarmup"/>, the variant is run at its full size until two consecutive runs' figures (its
    /// throughput metric, or the silo's CPU per item for latency workloads) differ by at most this fraction: the silo
    /// has reached its steady state (JIT tiering, caches, pools, store files). 0 turns this off. Default 5 %
    /// (<c>--settle 5</c>); <c>--quick</c> turns it off.
    /// </summary>
    public double SettleTolerance { get; init; } = 0.05;

    /// <summary>The most full-size runs spent waiting for the figure to settle.</summary>
    public const int MaxSettleRuns = 10;

    /// <summary>The most time spent waiting for the figure to settle (the row is then measured anyway and marked unsettled).</summary>
    public static readonly TimeSpan MaxSettleTime = TimeSpan.FromMinutes(3);

    public string? PostgresConnectionString { get; init; }

    public string OutputJson { get; init; } = "bench-results.json";

    public string? OutputSvg { get; init; }

    public string SiloDll { get; init; } = DefaultSiloDll;

    /// <summary>The HTTP gateway the syncstart workload launches as a client of the silo.</summary>
    public string GatewayDll { get; init; } = GatewayProcess.DefaultDll;

    public string CommandLine { get; init; } = string.Empty;

    /// <summary>Results files to merge and print instead of running (<c>--render a.json,b.json</c>).</summary>
    public IReadOnlyList<string> Render { get; init; } = [];

    /// <summary>Directories of results files to compare across silos instead of running (<c>--compare base,other</c>: see <see cref="SiloComparison"/>).</summary>
    public IReadOnlyList<string> Compare { get; init; } = [];

    public static string Usage =>
        "usage: Bench [--quick] [--backend memory|sqlite|postgres|azure|all] [--workload <id>] [--runs <n>] [--warmup <seconds>] [--settle <percent>] [--pg <npgsql connection string>]\n"
        + "             [--out results.json] [--svg chart.svg] [--silo OrleansWorkflows.Silo.dll] [--gateway OrleansWorkflows.Gateway.dll] [--render a.json,b.json]\n"
        + "             [--compare base-dir,other-dir] [--scale <k>]\n"
        + "workloads: " + string.Join(", ", Workloads.WorkloadCatalog.Ids);

    private static string DefaultSiloDll =>
        typeof(BenchOptions).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "SiloDll").Value!;

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions { CommandLine = string.Join(' ', args) };
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--quick" => options with { Quick = true, Runs = 1, MinWarmup = TimeSpan.Zero, SettleTolerance = 0 },
                "--backend" => options with { Backends = ParseBackend(Next()) },
                "--workload" => options with { Workload = CheckWorkload(Next()) },
                "--runs" => options with { Runs = Math.Max(1, int.Parse(Next(), CultureInfo.InvariantCulture)) },
                "--warmup" => options with { MinWarmup = TimeSpan.FromSeconds(Math.Max(0, double.Parse(Next(), CultureInfo.InvariantCulture))) },
                "--otlp" => options with { Otlp = true },
                "--scale" => options with { Scale = Math.Max(1, int.Parse(Next(), CultureInfo.InvariantCulture)) },
                "--settle" => options with { SettleTolerance = Math.Max(0, double.Parse(Next(), CultureInfo.InvariantCulture)) / 100 },
                "--pg" => options with { PostgresConnectionString = Next() },
                "--out" => options with { OutputJson = Next() },
                "--svg" => options with { OutputSvg = Next() },
                "--silo" => options with { SiloDll = Next() },
                "--gateway" => options with { GatewayDll = Next() },
                "--render" => options with { Render = Next().Split(',', StringSplitOptions.RemoveEmptyEntries) },
                "--compare" => options with { Compare = Next().Split(',', StringSplitOptions.RemoveEmptyEntries) },
                _ => throw new ArgumentException($"Unknown argument '{args[i]}'."),
            };
        }

        return options;
    }

    private static string[] ParseBackend(string value) => value.ToLowerInvariant() switch
    {
        "all" => ["memory", "sqlite", "postgres"],
        "memory" or "sqlite" or "postgres" or "azure" => [value.ToLowerInvariant()],
        _ => throw new ArgumentException($"Unknown backend '{value}': memory, sqlite, postgres, azure or all."),
    };

    private static string CheckWorkload(string id) =>
        Workloads.WorkloadCatalog.Ids.Contains(id, StringComparer.OrdinalIgnoreCase) ? id.ToLowerInvariant() : throw new ArgumentException($"Unknown workload '{id}'.");
}
