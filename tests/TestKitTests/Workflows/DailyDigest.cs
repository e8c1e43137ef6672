namespace OrleansWorkflows.TestKitTests.Workflows;

/// <summary>Three days in a row: waits a day on a durable timer, then builds that day's digest in an activity; returns the digests.</summary>
public sealed class DailyDigest : TaskOrchestrator<object?, string[]>
{
    /// <inheritdoc />
    public override async Task<string[]> RunAsync(OrchestrationContext context, object? input)
    {
        ArgumentNullException.ThrowIfNull(context);
        var digests = new List<string>();
        for (var day = 1; day <= 3; day++)
        {
            await context.CreateTimer(TimeSpan.FromDays(1), CancellationToken.None);
            digests.Add(await context.CallActivityAsync<string>(nameof(BuildDigest), context.CurrentUtcDateTime));
            context.SetCustomStatus(day);
        }

        return [.. digests];
    }
}

/// <summary>Builds the digest of a day.</summary>
[WorkflowName(nameof(BuildDigest))]
public sealed class BuildDigest : TaskActivity<DateTime, string>
{
    /// <inheritdoc />
    public override Task<string> RunAsync(ActivityContext context, DateTime input) =>
        Task.FromResult($"digest of {input:yyyy-MM-dd HH:mm}");
}
