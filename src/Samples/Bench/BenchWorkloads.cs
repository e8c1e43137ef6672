namespace OrleansWorkflows.Samples.Bench;

/// <summary>
/// The orchestrations and activities of the benchmark tool (<c>src/Bench</c>), all named with the <c>Bench.</c> prefix
/// so they cannot be mistaken for samples. The silo host registers them next to the samples.
/// </summary>
public static class BenchWorkloads
{
    /// <summary>Activity <c>Bench.Hello</c>: <c>"Hello " + name</c>.</summary>
    public const string Hello = "Bench.Hello";

    /// <summary>Activity <c>Bench.Echo</c>: returns its int input.</summary>
    public const string Echo = "Bench.Echo";

    /// <summary>Adds <c>Bench.Sequence</c>, <c>Bench.FanOut</c>, <c>Bench.Events</c>, <c>Bench.Timer</c>, <c>Bench.Idle</c>,
    /// <c>Bench.Hello</c> and <c>Bench.Echo</c>.</summary>
    /// <param name="registry">The silo's registry.</param>
    /// <returns>The same registry.</returns>
    public static WorkflowRegistry AddBenchWorkloads(this WorkflowRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry
            .AddOrchestrator<BenchSequence>("Bench.Sequence")
            .AddOrchestrator<BenchFanOut>("Bench.FanOut")
            .AddOrchestrator<BenchEvents>("Bench.Events")
            .AddOrchestrator<BenchTimer>("Bench.Timer")
            .AddOrchestrator<BenchIdle>("Bench.Idle")
            .AddActivity<string, string>(Hello, (_, name) => Task.FromResult("Hello " + name))
            .AddActivity<int, int>(Echo, (_, i) => Task.FromResult(i));
    }
}
