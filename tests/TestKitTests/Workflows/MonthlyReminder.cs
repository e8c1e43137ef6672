namespace OrleansWorkflows.TestKitTests.Workflows;

/// <summary>What <see cref="MonthlyReminder"/> saw: engine time before and after its 30-day timer, and the activity's answer.</summary>
/// <param name="Started">The orchestration's time when it started.</param>
/// <param name="Finished">Its time after the timer and the activity.</param>
/// <param name="Message">The activity's answer.</param>
public sealed record ReminderReport(DateTime Started, DateTime Finished, string Message);

/// <summary>Waits 30 days on a durable timer, then sends a reminder through an activity.</summary>
public sealed class MonthlyReminder : TaskOrchestrator<string, ReminderReport>
{
    /// <inheritdoc />
    public override async Task<ReminderReport> RunAsync(OrchestrationContext context, string input)
    {
        ArgumentNullException.ThrowIfNull(context);
        var started = context.CurrentUtcDateTime;
        await context.CreateTimer(started.AddDays(30), CancellationToken.None);
        var message = await context.CallActivityAsync<string>(nameof(SendReminder), input);
        return new ReminderReport(started, context.CurrentUtcDateTime, message);
    }
}

/// <summary>The reminder's real work (an e-mail, say).</summary>
public sealed class SendReminder : TaskActivity<string, string>
{
    /// <inheritdoc />
    public override Task<string> RunAsync(ActivityContext context, string input) => Task.FromResult($"Reminder sent to {input}");
}
