namespace OrleansWorkflows.Gateway.Hosting;

/// <summary>A configuration the gateway refuses to start with (the message says why and what to change).</summary>
public sealed class GatewayStartupException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public GatewayStartupException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Why the gateway does not start and what to change.</param>
    public GatewayStartupException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Why the gateway does not start and what to change.</param>
    /// <param name="innerException">The cause.</param>
    public GatewayStartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
