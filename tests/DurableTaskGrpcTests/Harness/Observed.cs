namespace OrleansWorkflows.DurableTaskGrpcTests.Harness;

using Microsoft.DurableTask.Client;

/// <summary>What a scenario observes of an instance: what must be the same on both backends (no ids, times or stack traces).</summary>
public sealed record Observed(string Status, string? Output, string? CustomStatus, string? FailureType, string? FailureMessage)
{
    public static Observed Of(OrchestrationMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return new Observed(
            metadata.RuntimeStatus.ToString(),
            metadata.SerializedOutput,
            metadata.SerializedCustomStatus,
            metadata.FailureDetails?.ErrorType,
            metadata.FailureDetails?.ErrorMessage);
    }
}
