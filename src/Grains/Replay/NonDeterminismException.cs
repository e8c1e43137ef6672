namespace OrleansWorkflows.Replay;

/// <summary>
/// The orchestration code did something other than what its history recorded. The message names the sequence number,
/// what history recorded, what the code did now and the likely cause.
/// </summary>
public sealed class NonDeterminismException : Exception
{
    /// <summary>Creates the exception.</summary>
    public NonDeterminismException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public NonDeterminismException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public NonDeterminismException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The sequence number at which the code and the history diverged.</summary>
    public int? SequenceNumber { get; private init; }

    /// <summary>What the history recorded at <see cref="SequenceNumber"/>.</summary>
    public string? Recorded { get; private init; }

    /// <summary>What the code did instead.</summary>
    public string? Attempted { get; private init; }

    /// <summary>The source file of the orchestrator code that made the diverging call, when known (replay tests).</summary>
    public string? SourceFile { get; private init; }

    /// <summary>The line in <see cref="SourceFile"/>, when known.</summary>
    public int? SourceLine { get; private init; }

    internal static NonDeterminismException Mismatch(string orchestration, string instanceId, int sequence, string recorded, string now, CallSite? site = null) =>
        new($"Non-deterministic orchestration '{orchestration}' (instance '{instanceId}'): at sequence number {sequence} " +
            $"history recorded {recorded}, but the code now {now}" + (site is null ? string.Empty : $" (at {site})") + ". Likely cause: the orchestration code changed while this " +
            "instance was in flight (an activity, timer, event or sub-orchestration call renamed, reordered, added or removed), " +
            "or it branches on non-deterministic values (DateTime.Now, Guid.NewGuid, random numbers, configuration). " +
            "Deploy changes as a new orchestration name or version, and use context.CurrentUtcDateTime and context.NewGuid().")
        {
            SequenceNumber = sequence,
            Recorded = recorded,
            Attempted = now,
            SourceFile = site?.File,
            SourceLine = site?.Line,
        };
}
