namespace OrleansWorkflows.Samples;

/// <summary>Greets a name: <c>"Tokyo"</c> gives <c>"Hello Tokyo!"</c>.</summary>
public sealed class SayHello : TaskActivity<string, string>
{
    /// <inheritdoc />
    public override Task<string> RunAsync(ActivityContext context, string input) => Task.FromResult($"Hello {input}!");
}
