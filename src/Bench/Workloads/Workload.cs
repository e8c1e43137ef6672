namespace OrleansWorkflows.Bench.Workloads;

/// <summary>One size or shape of a workload: a row of the results table.</summary>
/// <param name="Label">The row label, e.g. <c>N=1,000</c>.</param>
/// <param name="N">The size.</param>
/// <param name="WarmupN">The size of the warm-up run before the measured runs.</param>
/// <param name="Width">How many targets the work is spread over (entities), or requests in flight (syncstart); 1 by default.</param>
internal sealed record Variant(string Label, int N, int WarmupN, int Width = 1);

/// <summary>A target of issue 7 for one row and backend.</summary>
/// <param name="Metric">The metric compared.</param>
/// <param name="Value">The target value.</param>
/// <param name="HigherIsBetter">True for throughputs, false for times and sizes.</param>
internal sealed record Target(string Metric, double Value, bool HigherIsBetter);

/// <summary>A benchmark workload of <c>benchmarks.md</c>.</summary>
internal abstract class Workload
{
    public abstract string Id { get; }

    /// <summary>The metric plotted as throughput (items per second), or <c>null</c>.</summary>
    public abstract string? ThroughputMetric { get; }

    /// <summary>A new silo for every run (the idle workload measures the silo's memory from a clean start).</summary>
    public virtual bool FreshSiloPerRun => false;

    /// <summary>Whether it has a Durable Task SDK form (<see cref="BenchContext.Sdk"/>): the rows over gRPC and on
    /// InProcessTestHost.</summary>
    public virtual bool RunsOverSdk => false;

    public abstract IReadOnlyList<Variant> Variants(bool quick);

    /// <summary>Runs <paramref name="variant"/> once with size <paramref name="n"/> (its N, or the warm-up size) and returns the metrics.</summary>
    public abstract Task<Dictionary<string, double>> RunAsync(BenchContext context, Variant variant, int n);

    /// <summary>The table's result column for the median metrics.</summary>
    public abstract string Summarize(IReadOnlyDictionary<string, double> m);

    /// <summary>Issue 7's target for this row on <paramref name="backend"/>, or <c>null</c>.</summary>
    public virtual Target? TargetFor(string backend, Variant variant) => null;

    /// <summary>Picks the value of the backend: memory, sqlite, postgres.</summary>
    protected static double ByBackend(string backend, double memory, double sqlite, double postgres) =>
        backend switch { "memory" => memory, "sqlite" => sqlite, _ => postgres };
}
