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

    internal static NonDeterminismException Mismatch(string orchestration, string instanceId, int sequence, string recorded, string now) =>
        new($"Non-deterministic orchestration '{orchestration}' (instance '{instanceId}'): at sequence number {sequence} " +
            $"history recorded {recorded}, but the code now {now}. Likely cause: the orchestration code changed while this " +
            "instance was in flight (an activity, timer, event or sub-orchestration call renamed, reordered, added or removed), " +
            "or it branches on non-deterministic values (DateTime.Now, Guid.NewGuid, random numbers, configuration). " +
            "Deploy changes as a new orchestration name or version, and use context.CurrentUtcDateTime and context.NewGuid().");
}
