namespace OrleansWorkflows.Diagnostics;

/// <summary>
/// The names under which the engine publishes its telemetry, for a host's OpenTelemetry set-up:
/// <c>tracing.AddSource(WorkflowInstrumentation.ActivitySourceName)</c> and
/// <c>metrics.AddMeter(WorkflowInstrumentation.MeterName)</c>. The engine itself depends on no exporter: it only writes
/// to a <see cref="System.Diagnostics.ActivitySource"/> and a <see cref="System.Diagnostics.Metrics.Meter"/> of these names,
/// which cost nothing while nobody listens.
/// </summary>
public static class WorkflowInstrumentation
{
    /// <summary>The <see cref="System.Diagnostics.ActivitySource"/> of the engine's spans (orchestrations, activities,
    /// timers, sub-orchestrations, entity operations, external event waits).</summary>
    public const string ActivitySourceName = "OrleansWorkflows";

    /// <summary>The <see cref="System.Diagnostics.Metrics.Meter"/> of the engine's metrics (and of the HTTP endpoints' request
    /// counters, which <c>OrleansWorkflows.AspNetCore</c> publishes under the same name).</summary>
    public const string MeterName = "OrleansWorkflows";
}
