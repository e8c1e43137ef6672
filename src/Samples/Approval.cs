namespace OrleansWorkflows.Samples;

/// <summary>
/// Human interaction: waits for the external event <c>Approval</c> (a bool) or a durable timer of
/// <see cref="ApprovalRequest.TimeoutSeconds"/> (default one hour), whichever comes first. Returns
/// <c>"Approved"</c>, <c>"Rejected"</c> or <c>"TimedOut"</c>.
/// </summary>
public sealed class Approval : TaskOrchestrator<ApprovalRequest?, string>
{
    /// <summary>The name of the external event carrying the decision.</summary>
    public const string EventName = "Approval";

    private const int DefaultTimeoutSeconds = 3600;

    /// <inheritdoc />
    public override async Task<string> RunAsync(OrchestrationContext context, ApprovalRequest? input)
    {
        ArgumentNullException.ThrowIfNull(context);
        var timeout = TimeSpan.FromSeconds(Math.Max(input?.TimeoutSeconds ?? DefaultTimeoutSeconds, 0));
        using var timerCancellation = new CancellationTokenSource();
        var decision = context.WaitForExternalEvent<bool>(EventName);
        var timer = context.CreateTimer(timeout, timerCancellation.Token);
        if (await Task.WhenAny(decision, timer) != decision)
        {
            return "TimedOut";
        }

        // Cancel synchronously: CancelAsync would run the timer's callbacks off the orchestration's scheduler.
        timerCancellation.Cancel();
        return await decision ? "Approved" : "Rejected";
    }
}
