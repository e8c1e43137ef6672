namespace OrleansWorkflows.Runtime;

/// <summary>
/// The instance's activation gave up (a write conflict or a store failure) and is reloading from the store. Nothing was
/// changed; the call can be retried at once (<see cref="WorkflowClient"/> does so).
/// </summary>
[GenerateSerializer, Alias("ow.InstanceReloadingException")]
public sealed class InstanceReloadingException : Exception
{
    /// <summary>Creates the exception.</summary>
    public InstanceReloadingException()
        : base("The instance is reloading; retry the call.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public InstanceReloadingException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public InstanceReloadingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
