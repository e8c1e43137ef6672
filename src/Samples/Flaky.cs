namespace OrleansWorkflows.Samples;

/// <summary>Fails on attempts 1 and 2 and returns the attempt number from the third attempt on.</summary>
public sealed class Flaky : TaskActivity<object?, int>
{
    /// <summary>The first attempt that succeeds.</summary>
    public const int SucceedsOnAttempt = 3;

    /// <inheritdoc />
    public override Task<int> RunAsync(ActivityContext context, object? input)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Attempt < SucceedsOnAttempt)
        {
            throw new InvalidOperationException($"Attempt {context.Attempt} of '{context.Name}' fails on purpose.");
        }

        return Task.FromResult(context.Attempt);
    }
}
