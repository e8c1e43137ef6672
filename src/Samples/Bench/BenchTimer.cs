namespace OrleansWorkflows.Samples.Bench;

/// <summary>
/// Benchmark orchestration <c>Bench.Timer</c>: the input is a delay in milliseconds; waits on a durable timer due then
/// and returns its lateness in milliseconds: <see cref="OrchestrationContext.CurrentUtcDateTime"/> of the episode that
/// observes the timer (that episode's start time) minus the due time.
/// </summary>
public sealed class BenchTimer : TaskOrchestrator<int, double>
{
    /// <inheritdoc />
    public override async Task<double> RunAsync(OrchestrationContext context, int input)
    {
        ArgumentNullException.ThrowIfNull(context);
        var due = context.CurrentUtcDateTime.AddMilliseconds(input);
        await context.CreateTimer(due, CancellationToken.None);
        return (context.CurrentUtcDateTime - due).TotalMilliseconds;
    }
}
