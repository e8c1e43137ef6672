using System.Globalization;
using System.Reflection;

namespace OrleansWorkflows.Bench;

/// <summary>The command line: <c>[--quick] [--backend memory|sqlite|postgres|azure|testhost|all] [--transport inprocess|grpc|both]
/// [--workload id] [--runs n] [--pg conn] [--warmup seconds] [--settle percent] [--scale k] [--out file.json] [--svg file.svg]
/// [--silo path.dll] [--gateway path.dll] [--sdk path.dll] [--max-n n]</c>.</summary>
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

    /// <summary>
    /// <c>--transport grpc</c>: the workloads that have a Durable Task SDK form (hello3, sequential) run through the
    /// gateway's gRPC endpoint instead of the Orleans client: a Durable Task client starts and waits for them and a remote
    /// SDK worker process (<c>src/Bench.Sdk</c>) runs their orchestrations and activities (<see cref="SdkTarget"/>);
    /// memory and SQLite only (the gateway embeds the silo there). <c>both</c>: per backend, the in-process rows, then the
    /// gRPC rows, in one sitting. Default <c>inprocess</c>: the silo runs the registered workloads itself.
    /// </summary>
    public string Transport { get; init; } = "inprocess";

    /// <summary>Whether the rows through the silo's Orleans client run (<c>--transport inprocess</c> or <c>both</c>).</summary>
    public bool InProcess => Transport != "grpc";

    /// <summary>Whether the rows through the gateway's gRPC endpoint run (<c>--transport grpc</c> or <c>both</c>).</summary>
    public bool OverGrpc => Transport != "inprocess";

    /// <summary>The SDK app (<c>src/Bench.Sdk</c>): the remote worker, and InProcessTestHost.</summary>
    public string SdkDll { get; init; } = SdkTarget.DefaultDll;

    /// <summary><c>--otlp</c>: every silo traces and exports its spans and metrics over OTLP to a stand-in collector
    /// (<see cref="OtlpSink"/>): the cost of tracing, against a run without it.</summary>
    public bool Otlp { get; init; }

    /// <summary>
    /// <c>--trace-toggle</c> (implies <see cref="Otlp"/>): the cost of tracing measured inside each silo. The shared silo
    /// follows a settings file (<c>SettingsFile</c>, <c>Telemetry:Traces</c>); the tool switches its tracing on for a
    /// warm-up, off for another and for settling, then alternates off, on, on, off ... between the measured runs
    /// (<see cref="Runs"/> each), and reports two rows per variant, "traces off" and "traces on". A fresh silo's level
    /// varies by up to 40 % and a silo keeps it for its life, so the pair of rows of one silo compares far better than
    /// rows of different silos; <c>--paired</c> summarises many such files. Workloads measured on a fresh silo per run
    /// (idle) run traced, as with <c>--otlp</c>.
    /// </summary>
    public bool TraceToggle { get; init; }

    /// <summary>
    /// <c>--purge</c>: after every run on a silo (warm-ups and settling included), the finished instances are purged through
    /// the client, outside the measured time, so the silo's heap stays bounded as it does with a store outside the process.
    /// The memory backend otherwise keeps every instance of the invocation in the silo's heap (hundreds of thousands),
    /// and its background garbage collections grow with it.
    /// </summary>
    public bool PurgeBetweenRuns { get; init; }

    /// <summary><c>--paired dir</c>: measure nothing; summarise the <c>--trace-toggle</c> results files in a directory
    /// (<see cref="SiloComparison.PairedMarkdown"/>).</summary>
    public string? Paired { get; init; }

    /// <summary><c>--max-n</c>: only the rows of at most this size (before <see cref="Scale"/>) run, e.g. hello3 at 1,000 without 10,000.</summary>
    public int? MaxN { get; init; }

    /// <summary>The rows of <paramref name="workload"/> this invocation runs: its variants (at most <see cref="MaxN"/>), scaled by <see cref="Scale"/>.</summary>
    public IReadOnlyList<Workloads.Variant> VariantsOf(Workloads.Workload workload)
    {
        var variants = workload.Variants(Quick).Where(v => MaxN is not { } max || v.N <= max);
        return Scale == 1
            ? [.. variants]
            : [.. variants.Select(v => v with { Label = $"{v.Label} x{Scale}", N = v.N * Scale, WarmupN = v.WarmupN * Scale })];
    }

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
        "usage: Bench [--quick] [--backend memory|sqlite|postgres|azure|testhost|all] [--transport inprocess|grpc|both] [--workload <id>] [--runs <n>] [--warmup <seconds>]\n"
        + "             [--settle <percent>] [--pg <npgsql connection string>] [--out results.json] [--svg chart.svg] [--silo OrleansWorkflows.Silo.dll]\n"
        + "             [--gateway OrleansWorkflows.Gateway.dll] [--sdk OrleansWorkflows.Bench.Sdk.dll] [--render a.json,b.json] [--compare base-dir,other-dir] [--scale <k>] [--max-n <n>]\n"
        + "             [--otlp] [--trace-toggle] [--purge] [--paired dir]\n"
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
                "--trace-toggle" => options with { Otlp = true, TraceToggle = true },
                "--purge" => options with { PurgeBetweenRuns = true },
                "--paired" => options with { Paired = Next() },
                "--transport" => options with { Transport = ParseTransport(Next()) },
                "--sdk" => options with { SdkDll = Next() },
                "--scale" => options with { Scale = Math.Max(1, int.Parse(Next(), CultureInfo.InvariantCulture)) },
                "--max-n" => options with { MaxN = Math.Max(1, int.Parse(Next(), CultureInfo.InvariantCulture)) },
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
        "memory" or "sqlite" or "postgres" or "azure" or "testhost" => [value.ToLowerInvariant()],
        _ when value.Contains(',', StringComparison.Ordinal) => [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).SelectMany(ParseBackend)],
        _ => throw new ArgumentException($"Unknown backend '{value}': memory, sqlite, postgres, azure, testhost or all (or a comma-separated list)."),
    };

    private static string ParseTransport(string value) => value.ToLowerInvariant() is "inprocess" or "grpc" or "both"
        ? value.ToLowerInvariant()
        : throw new ArgumentException($"Unknown transport '{value}': inprocess, grpc or both.");

    private static string CheckWorkload(string ids) => string.Join(',', ids.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(id =>
        Workloads.WorkloadCatalog.Ids.Contains(id, StringComparer.OrdinalIgnoreCase) ? id.ToLowerInvariant() : throw new ArgumentException($"Unknown workload '{id}'.")));

    /// <summary>Whether <c>--workload</c> (one id or a comma-separated list; none: all) selects <paramref name="id"/>.</summary>
    public bool Selects(string id) => Workload is null || Workload.Split(',').Contains(id, StringComparer.Ordinal);
}
