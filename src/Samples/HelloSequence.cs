namespace OrleansWorkflows.Samples;

/// <summary>
/// Function chaining: calls <see cref="SayHello"/> for three cities one after the other and returns the greetings
/// (<c>["Hello Tokyo!","Hello Seattle!","Hello London!"]</c>). The input is ignored.
/// </summary>
public sealed class HelloSequence : TaskOrchestrator<object?, string[]>
{
    /// <inheritdoc />
    public override async Task<string[]> RunAsync(OrchestrationContext context, object? input)
    {
        ArgumentNullException.ThrowIfNull(context);
        return
        [
            await context.CallActivityAsync<string>(nameof(SayHello), "Tokyo"),
            await context.CallActivityAsync<string>(nameof(SayHello), "Seattle"),
            await context.CallActivityAsync<string>(nameof(SayHello), "London"),
        ];
    }
}
