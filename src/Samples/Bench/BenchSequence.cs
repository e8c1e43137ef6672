namespace OrleansWorkflows.Samples.Bench;

/// <summary>
/// Benchmark orchestration <c>Bench.Sequence</c>: the input is a count <c>n</c>; calls activity <c>Bench.Hello</c> n times
/// one after the other (hello3 = 3, cities5 = 5, sequential = 100 or 1,000) and returns the last greeting.
/// </summary>
public sealed class BenchSequence : TaskOrchestrator<int, string>
{
    /// <inheritdoc />
    public override async Task<string> RunAsync(OrchestrationContext context, int input)
    {
        ArgumentNullException.ThrowIfNull(context);
        var last = string.Empty;
        for (var i = 0; i < input; i++)
        {
            last = await context.CallActivityAsync<string>(BenchWorkloads.Hello, $"city{i}");
        }

        return last;
    }
}
