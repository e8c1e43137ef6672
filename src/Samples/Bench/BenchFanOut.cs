namespace OrleansWorkflows.Samples.Bench;

/// <summary>
/// Benchmark orchestration <c>Bench.FanOut</c>: the input is a count <c>n</c>; runs activity <c>Bench.Echo(i)</c> for
/// i = 0..n-1 in parallel and returns the sum.
/// </summary>
public sealed class BenchFanOut : TaskOrchestrator<int, long>
{
    /// <inheritdoc />
    public override async Task<long> RunAsync(OrchestrationContext context, int input)
    {
        ArgumentNullException.ThrowIfNull(context);
        var tasks = Enumerable.Range(0, Math.Max(input, 0)).Select(i => context.CallActivityAsync<int>(BenchWorkloads.Echo, i)).ToList();
        var results = await Task.WhenAll(tasks);
        return results.Sum(r => (long)r);
    }
}
