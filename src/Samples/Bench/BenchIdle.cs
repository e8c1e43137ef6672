namespace OrleansWorkflows.Samples.Bench;

/// <summary>Benchmark orchestration <c>Bench.Idle</c>: waits for external event <c>go</c> and returns its payload.</summary>
public sealed class BenchIdle : TaskOrchestrator<object?, string?>
{
    /// <inheritdoc />
    public override Task<string?> RunAsync(OrchestrationContext context, object? input)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.WaitForExternalEvent<string?>("go");
    }
}
