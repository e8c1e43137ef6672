namespace OrleansWorkflows;

/// <summary>
/// Thrown at start-up by <see cref="WorkflowRegistryAssemblyExtensions.AddWorkflowsFromAssembly"/> when classes cannot be
/// registered: every problem found is listed (one line each, naming the class), and nothing was registered.
/// </summary>
public sealed class WorkflowRegistrationException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public WorkflowRegistrationException()
        : this([])
    {
    }

    /// <summary>Creates the exception with one problem.</summary>
    /// <param name="message">The problem.</param>
    public WorkflowRegistrationException(string message)
        : this([message])
    {
    }

    /// <summary>Creates the exception with one problem and its cause.</summary>
    /// <param name="message">The problem.</param>
    /// <param name="innerException">The cause.</param>
    public WorkflowRegistrationException(string message, Exception innerException)
        : base(message, innerException) => Problems = [message];

    /// <summary>Creates the exception listing <paramref name="problems"/>.</summary>
    /// <param name="problems">What is wrong, one entry per class and rule.</param>
    public WorkflowRegistrationException(IReadOnlyList<string> problems)
        : base(Describe(problems)) => Problems = problems;

    /// <summary>Every problem found, one per class and rule.</summary>
    public IReadOnlyList<string> Problems { get; }

    private static string Describe(IReadOnlyList<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        return problems.Count == 0
            ? "The workflows could not be registered."
            : $"The workflows could not be registered; nothing was registered ({problems.Count} problem(s)):{Environment.NewLine}- "
                + string.Join(Environment.NewLine + "- ", problems);
    }
}
