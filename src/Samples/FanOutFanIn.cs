namespace OrleansWorkflows.Samples;

/// <summary>
/// Fan-out/fan-in: the input is a count <c>N</c>; runs <see cref="Square"/> for 1..N in parallel and returns the sum
/// of the squares (for N = 10: 385).
/// </summary>
public sealed class FanOutFanIn : TaskOrchestrator<int, long>
{
    /// <inheritdoc />
    public override async Task<long> RunAsync(OrchestrationContext context, int input)
    {
        ArgumentNullException.ThrowIfNull(context);
        var squares = Enumerable.Range(1, Math.Max(input, 0))
            .Select(i => context.CallActivityAsync<long>(nameof(Square), i))
            .ToList();
        var results = await Task.WhenAll(squares);
        return results.Sum();
    }
}
