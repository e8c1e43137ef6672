using OrleansWorkflows.History;

namespace OrleansWorkflows.Replay;

/// <summary>
/// An external event ended a wait of the code for it (reported by a live episode only, for its span): the wait began at
/// <paramref name="Since"/>, the episode time when the code asked (<c>CurrentUtcDateTime</c>, from history, so the same on
/// every replay), and ended when <paramref name="Raised"/> was applied.
/// </summary>
/// <param name="Name">The event name.</param>
/// <param name="Since">When the code began to wait (engine time of that episode).</param>
/// <param name="Raised">The event that ended the wait (one of the episode's new events).</param>
internal sealed record EventWait(string Name, DateTime Since, EventRaised Raised);
