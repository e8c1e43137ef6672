namespace OrleansWorkflows.TestKitTests.Workflows;

/// <summary>Calls the activity <c>Slow</c> with a one-hour durable timeout: returns its answer, or <c>"timed out"</c>.</summary>
public sealed class TimeoutRace : TaskOrchestrator<object?, string>
{
    /// <summary>The activity it calls (registered by the tests as a fake).</summary>
    public const string Activity = "Slow";

    /// <inheritdoc />
    public override async Task<string> RunAsync(OrchestrationContext context, object? input)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var cancel = new CancellationTokenSource();
        var call = context.CallActivityAsync<string>(Activity);
        var timeout = context.CreateTimer(TimeSpan.FromHours(1), cancel.Token);
        if (await Task.WhenAny(call, timeout) != call)
        {
            return "timed out";
        }

        cancel.Cancel();
        return await call;
    }
}
