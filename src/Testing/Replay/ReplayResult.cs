namespace OrleansWorkflows.Testing;

/// <summary>How replaying one history ended.</summary>
public enum ReplayOutcome
{
    /// <summary>Today's code made exactly the calls the history recorded.</summary>
    Replayed,

    /// <summary>Today's code made another call than the history recorded (a non-determinism error on deploy).</summary>
    Diverged,

    /// <summary>The replay failed otherwise: the orchestration is not registered, or its code threw.</summary>
    Failed,

    /// <summary>The file is not a history (unreadable JSON, no ExecutionStarted).</summary>
    Invalid,
}

/// <summary>What replaying one history against today's registrations showed.</summary>
/// <param name="Source">The file (or the name the caller gave the history).</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="InstanceId">The instance the history belongs to, when known.</param>
/// <param name="Orchestration">The orchestration name from its ExecutionStarted, when known.</param>
/// <param name="EventCount">How many events were replayed.</param>
/// <param name="SequenceNumber">For <see cref="ReplayOutcome.Diverged"/>: the sequence number of the first divergence.</param>
/// <param name="Recorded">What the history recorded there.</param>
/// <param name="Attempted">What the code did instead.</param>
/// <param name="SourceFile">The source file of the orchestrator code that made the diverging call (from the PDB), when known.</param>
/// <param name="SourceLine">Its line.</param>
/// <param name="Message">The error, for anything but <see cref="ReplayOutcome.Replayed"/>.</param>
public sealed record ReplayResult(
    string Source,
    ReplayOutcome Outcome,
    string? InstanceId,
    string? Orchestration,
    int EventCount,
    int? SequenceNumber = null,
    string? Recorded = null,
    string? Attempted = null,
    string? SourceFile = null,
    int? SourceLine = null,
    string? Message = null)
{
    /// <summary>True when the code replayed the history exactly.</summary>
    public bool Succeeded => Outcome == ReplayOutcome.Replayed;

    /// <summary>One line for a log or a deploy gate: <c>OK</c>, <c>DIVERGED</c>, <c>FAILED</c> or <c>INVALID</c>, the file and what happened.</summary>
    public override string ToString() => Outcome switch
    {
        ReplayOutcome.Replayed => $"OK {Source}: {Orchestration} '{InstanceId}' replayed {EventCount} events",
        ReplayOutcome.Diverged =>
            $"DIVERGED {Source}: {Orchestration} '{InstanceId}' at sequence number {SequenceNumber}: history recorded {Recorded}, " +
            $"the code now {Attempted}" + (SourceFile is null ? string.Empty : $" at {SourceFile}:{SourceLine}"),
        ReplayOutcome.Failed => $"FAILED {Source}: {Orchestration} '{InstanceId}': {Message}",
        _ => $"INVALID {Source}: {Message}",
    };
}
