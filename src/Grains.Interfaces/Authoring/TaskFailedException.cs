namespace OrleansWorkflows;

/// <summary>
/// Thrown inside an orchestration when an activity or a sub-orchestration it awaited failed. The original failure
/// (type, message, stack trace, inner failure) is in <see cref="FailureDetails"/>. Catch it to compensate; leave it
/// unhandled to fail the orchestration with these details as its output.
/// </summary>
public sealed class TaskFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="taskName">The activity or orchestration name that failed.</param>
    /// <param name="taskId">The sequence number of the failed task in the orchestration's history.</param>
    /// <param name="failureDetails">What went wrong.</param>
    public TaskFailedException(string taskName, int taskId, FailureDetails failureDetails)
        : base($"Task '{taskName}' (#{taskId}) failed: {failureDetails?.ErrorType}: {failureDetails?.ErrorMessage}")
    {
        TaskName = taskName;
        TaskId = taskId;
        FailureDetails = failureDetails ?? throw new ArgumentNullException(nameof(failureDetails));
    }

    /// <summary>Creates the exception with a message only (for serializers and tests).</summary>
    public TaskFailedException()
        : this("unknown", -1, new FailureDetails("unknown", "unknown"))
    {
    }

    /// <summary>Creates the exception with a message (for serializers and tests).</summary>
    /// <param name="message">The message.</param>
    public TaskFailedException(string message)
        : base(message)
    {
        TaskName = "unknown";
        FailureDetails = new FailureDetails("unknown", message);
    }

    /// <summary>Creates the exception with a message and inner exception (for serializers and tests).</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The inner exception.</param>
    public TaskFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
        TaskName = "unknown";
        FailureDetails = FailureDetails.FromException(innerException);
    }

    /// <summary>The name of the activity or sub-orchestration that failed.</summary>
    public string TaskName { get; }

    /// <summary>The sequence number of the failed task.</summary>
    public int TaskId { get; }

    /// <summary>The failure of the task.</summary>
    public FailureDetails FailureDetails { get; }
}
