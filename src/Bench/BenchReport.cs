using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansWorkflows.Bench.Workloads;

namespace OrleansWorkflows.Bench;

/// <summary>The results JSON: the run conditions and one row per workload variant and backend.</summary>
internal sealed record BenchReport
{
    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public required DateTime StartedUtc { get; init; }

    public DateTime FinishedUtc { get; set; }

    public required string Command { get; init; }

    public required bool Quick { get; init; }

    public required int Runs { get; init; }

    /// <summary>The least warm-up time before each variant, in seconds.</summary>
    public double MinWarmupSeconds { get; init; }

    public required MachineInfo Machine { get; init; }

    /// <summary>With <c>--otlp</c>, per backend: what the stand-in collector received from the silos.</summary>
    public Dictionary<string, string> OtlpExports { get; init; } = [];

    public Dictionary<string, string> Durability { get; } = [];

    public Dictionary<string, string> LoadAverage { get; } = [];

    public List<ResultRow> Rows { get; } = [];
}

/// <summary>One row: a workload variant on a backend. Status ok, skipped (backend unavailable) or failed.</summary>
internal sealed record ResultRow
{
    public required string Backend { get; init; }

    public required string Workload { get; init; }

    public required string Variant { get; init; }

    public required int N { get; init; }

    public required string Status { get; init; }

    public string? Note { get; init; }

    public string? Summary { get; init; }

    public Dictionary<string, double> Median { get; init; } = [];

    public List<Dictionary<string, double>> RunMetrics { get; init; } = [];

    public string? ThroughputMetric { get; init; }

    /// <summary>The figure each full-size warm-up run gave while waiting for it to settle (see
    /// <see cref="BenchOptions.SettleTolerance"/>), in order; empty when settling was off.</summary>
    public List<double> SettleFigures { get; init; } = [];

    /// <summary>The metric <see cref="SettleFigures"/> hold.</summary>
    public string? SettleMetric { get; init; }

    /// <summary>True when the last two warm-up figures agreed within the tolerance; false when the limit was reached first
    /// (the row was measured anyway); null when settling was off.</summary>
    public bool? Settled { get; init; }

    public Target? Target { get; init; }

    /// <summary>The median's value of the target metric divided by the target (above 1 = better for throughputs).</summary>
    public string? Verdict { get; init; }
}
