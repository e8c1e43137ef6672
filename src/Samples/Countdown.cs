namespace OrleansWorkflows.Samples;

/// <summary>
/// Eternal orchestration in small: the input is a count <c>n</c>. Each execution publishes
/// <c>{"remaining": n}</c> as its custom status and, while <c>n &gt; 0</c>, continues as new with <c>n - 1</c>;
/// the execution that sees 0 returns <c>"Done"</c>.
/// </summary>
public sealed class Countdown : TaskOrchestrator<int, string?>
{
    /// <inheritdoc />
    public override Task<string?> RunAsync(OrchestrationContext context, int input)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.SetCustomStatus(new CountdownStatus(input));
        if (input > 0)
        {
            context.ContinueAsNew(input - 1);
            return Task.FromResult<string?>(null);
        }

        return Task.FromResult<string?>("Done");
    }
}
