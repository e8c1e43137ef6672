namespace OrleansWorkflows.Samples;

/// <summary>The custom status of <see cref="Countdown"/>: <c>{"remaining": n}</c>.</summary>
/// <param name="Remaining">The count of the current execution.</param>
public sealed record CountdownStatus(int Remaining);
