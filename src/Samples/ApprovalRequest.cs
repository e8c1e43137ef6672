namespace OrleansWorkflows.Samples;

/// <summary>The input of <see cref="Approval"/>: <c>{"timeoutSeconds": 60}</c>.</summary>
/// <param name="TimeoutSeconds">How long to wait for the decision.</param>
public sealed record ApprovalRequest(int TimeoutSeconds);
