namespace OrleansWorkflows.History;

/// <summary>An external event arrived.</summary>
/// <param name="Name">The event name.</param>
/// <param name="Input">The JSON payload.</param>
public sealed record EventRaised(string Name, string? Input) : HistoryEvent;
