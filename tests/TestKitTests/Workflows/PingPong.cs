namespace OrleansWorkflows.TestKitTests.Workflows;

/// <summary>Waits up to a day for the event <c>Pong</c> and returns its text, or <c>"no pong"</c>.</summary>
public sealed class WaitForPong : TaskOrchestrator<object?, string>
{
    /// <summary>The event name.</summary>
    public const string EventName = "Pong";

    /// <inheritdoc />
    public override async Task<string> RunAsync(OrchestrationContext context, object? input)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            return await context.WaitForExternalEvent<string>(EventName, TimeSpan.FromDays(1));
        }
        catch (TimeoutException)
        {
            return "no pong";
        }
    }
}

/// <summary>Raises the event <c>Pong</c> on the instance its input names.</summary>
public sealed class SendPong : TaskOrchestrator<string, string>
{
    /// <inheritdoc />
    public override Task<string> RunAsync(OrchestrationContext context, string input)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.SendEvent(input, WaitForPong.EventName, $"pong from {context.InstanceId}");
        return Task.FromResult("sent");
    }
}
