using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace OrleansWorkflows.Diagnostics;

/// <summary>
/// The engine's one <see cref="ActivitySource"/> and one <see cref="Meter"/> (process-wide, as the .NET guidance asks).
/// Every span and instrument of the engine is created from these two (<see cref="WorkflowMetrics"/>,
/// <see cref="InstanceTracing"/>, <see cref="SpanWriter"/>).
/// </summary>
internal static class WorkflowTelemetry
{
    private static readonly string? Version = typeof(WorkflowTelemetry).Assembly.GetName().Version?.ToString();

    public static ActivitySource Source { get; } = new(WorkflowInstrumentation.ActivitySourceName, Version);

    public static Meter Meter { get; } = new(WorkflowInstrumentation.MeterName, Version);

    /// <summary>True while some listener (an OpenTelemetry tracer provider, a test's listener) subscribes to the source:
    /// without one, the engine allocates nothing for tracing.</summary>
    public static bool Tracing => Source.HasListeners();
}
