namespace OrleansWorkflows.Gateway.Hosting;

/// <summary>Options of the HTTP API (configuration section <c>Gateway</c>).</summary>
internal sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>The largest accepted request body in bytes; larger bodies get 413. Default 1 MiB.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// How long one request may spend retrying transient cluster errors (a silo that died, a lost connection, a
    /// timeout) before it is answered 503 with <c>Retry-After</c>. Default 30 seconds.
    /// </summary>
    public TimeSpan RetryDeadline { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long <c>/readyz</c> waits for the cluster to answer before it reports 503. Default 2 seconds.</summary>
    public TimeSpan ReadinessTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The slowest request body Kestrel accepts (bytes per second, averaged after <see cref="RequestBodyGracePeriod"/>);
    /// a slower or stalled body is answered 408. Default 240 (Kestrel's).
    /// </summary>
    public double RequestBodyMinBytesPerSecond { get; set; } = 240;

    /// <summary>How long a request body may take to reach <see cref="RequestBodyMinBytesPerSecond"/> (more than 1 second). Default 5 seconds.</summary>
    public TimeSpan RequestBodyGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long Kestrel waits for a request's headers before it closes the connection. Default 30 seconds.</summary>
    public TimeSpan RequestHeadersTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The <c>Retry-After</c> seconds of a 503.</summary>
    public int UnavailableRetryAfterSeconds { get; set; } = 5;
}
