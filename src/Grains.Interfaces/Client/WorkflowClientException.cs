using OrleansWorkflows.Runtime;

namespace OrleansWorkflows;

/// <summary>
/// Thrown by <see cref="WorkflowClient"/> when the engine refuses an operation. <see cref="Outcome"/> says why
/// (not found, already exists, unknown orchestration, instance finished, invalid input); nothing was changed.
/// </summary>
public sealed class WorkflowClientException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="outcome">Why the operation was refused.</param>
    /// <param name="message">A human-readable reason.</param>
    public WorkflowClientException(OperationOutcome outcome, string message)
        : base(message)
    {
        Outcome = outcome;
    }

    /// <summary>Creates the exception (for serializers).</summary>
    public WorkflowClientException()
        : this(OperationOutcome.InvalidInput, "The operation was refused.")
    {
    }

    /// <summary>Creates the exception (for serializers).</summary>
    /// <param name="message">The message.</param>
    public WorkflowClientException(string message)
        : this(OperationOutcome.InvalidInput, message)
    {
    }

    /// <summary>Creates the exception (for serializers).</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public WorkflowClientException(string message, Exception innerException)
        : base(message, innerException)
    {
        Outcome = OperationOutcome.InvalidInput;
    }

    /// <summary>Why the operation was refused.</summary>
    public OperationOutcome Outcome { get; }
}
