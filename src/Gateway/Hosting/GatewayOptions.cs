namespace OrleansWorkflows.Gateway.Hosting;

/// <summary>
/// The gateway host's own options (configuration section <c>Gateway</c>): Kestrel's limits. The same section also
/// holds the endpoints' options (<c>WorkflowEndpointsOptions</c>: keys, limits, retry deadline) and CORS.
/// </summary>
internal sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>
    /// The slowest request body Kestrel accepts (bytes per second, averaged after <see cref="RequestBodyGracePeriod"/>);
    /// a slower or stalled body is answered 408. Default 240 (Kestrel's).
    /// </summary>
    public double RequestBodyMinBytesPerSecond { get; set; } = 240;

    /// <summary>How long a request body may take to reach <see cref="RequestBodyMinBytesPerSecond"/> (more than 1 second). Default 5 seconds.</summary>
    public TimeSpan RequestBodyGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long Kestrel waits for a request's headers before it closes the connection. Default 30 seconds.</summary>
    public TimeSpan RequestHeadersTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
