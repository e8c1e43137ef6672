namespace OrleansWorkflows.History;

/// <summary>Marks the start of an episode; its timestamp is the orchestration's <c>CurrentUtcDateTime</c> in that episode.</summary>
public sealed record OrchestratorStarted : HistoryEvent;
