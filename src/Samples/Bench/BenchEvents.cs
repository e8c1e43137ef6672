namespace OrleansWorkflows.Samples.Bench;

/// <summary>
/// Benchmark orchestration <c>Bench.Events</c>: the input is a count <c>n</c>; waits for n external events named
/// <c>e</c> (int payloads), one after the other, and returns their sum.
/// </summary>
public sealed class BenchEvents : TaskOrchestrator<int, long>
{
    /// <inheritdoc />
    public override async Task<long> RunAsync(OrchestrationContext context, int input)
    {
        ArgumentNullException.ThrowIfNull(context);
        long sum = 0;
        for (var i = 0; i < input; i++)
        {
            sum += await context.WaitForExternalEvent<int>("e");
        }

        return sum;
    }
}
