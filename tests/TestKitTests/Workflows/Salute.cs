namespace OrleansWorkflows.TestKitTests.Workflows;

/// <summary>How to address people: a service the test registers.</summary>
public interface ISalutation
{
    /// <summary>The salutation before a name.</summary>
    string Word { get; }
}

/// <summary>Greets a person in an activity that gets its salutation by constructor injection.</summary>
public sealed class Greet : TaskOrchestrator<string, string>
{
    /// <inheritdoc />
    public override Task<string> RunAsync(OrchestrationContext context, string input)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.CallActivityAsync<string>(nameof(Salute), input);
    }
}

/// <summary>Salutes a person with the injected <see cref="ISalutation"/>.</summary>
/// <param name="salutation">The salutation service.</param>
public sealed class Salute(ISalutation salutation) : TaskActivity<string, string>
{
    /// <inheritdoc />
    public override Task<string> RunAsync(ActivityContext context, string input) => Task.FromResult($"{salutation.Word} {input}");
}
