namespace OrleansWorkflows.DurableTaskGrpcTests.Protocol;

/// <summary>An OrleansWorkflows orchestration (registered in-process) that calls an activity only a remote SDK worker serves.</summary>
public sealed class LocalCallsRemote : TaskOrchestrator<string, string>
{
    public override async Task<string> RunAsync(OrchestrationContext context, string input) =>
        await context.CallActivityAsync<string>("SayHello", input) + " (from an OrleansWorkflows orchestration)";
}
