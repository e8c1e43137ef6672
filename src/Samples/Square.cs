namespace OrleansWorkflows.Samples;

/// <summary>Returns the square of its input as a 64-bit number.</summary>
public sealed class Square : TaskActivity<int, long>
{
    /// <inheritdoc />
    public override Task<long> RunAsync(ActivityContext context, int input) => Task.FromResult((long)input * input);
}
