namespace OrleansWorkflows.Samples;

/// <summary>Registers the sample orchestrations and activities.</summary>
public static class SampleRegistration
{
    /// <summary>
    /// Adds every sample: the orchestrations <c>HelloSequence</c>, <c>FanOutFanIn</c>, <c>Approval</c>, <c>Countdown</c>,
    /// <c>Retry</c> and <c>Transfer</c>, the activities <c>SayHello</c>, <c>Square</c> and <c>Flaky</c> they call, and the
    /// entities <c>Counter</c> and <c>Account</c>.
    /// </summary>
    /// <param name="registry">The registry of the silo (<c>AddOrleansWorkflows(o =&gt; o.Registry.AddSamples())</c>).</param>
    /// <returns>The same registry.</returns>
    public static WorkflowRegistry AddSamples(this WorkflowRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry
            .AddOrchestrator<HelloSequence>(nameof(HelloSequence))
            .AddActivity<SayHello>(nameof(SayHello))
            .AddOrchestrator<FanOutFanIn>(nameof(FanOutFanIn))
            .AddActivity<Square>(nameof(Square))
            .AddOrchestrator<Approval>(nameof(Approval))
            .AddOrchestrator<Countdown>(nameof(Countdown))
            .AddOrchestrator<Retry>(nameof(Retry))
            .AddActivity<Flaky>(nameof(Flaky))
            .AddEntity<Counter>(nameof(Counter))
            .AddEntity<Account>(nameof(Account))
            .AddOrchestrator<Transfer>(nameof(Transfer));
    }
}
