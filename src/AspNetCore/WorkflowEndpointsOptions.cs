namespace OrleansWorkflows.AspNetCore;

/// <summary>
/// Options of the workflow HTTP endpoints (<see cref="WorkflowEndpoints.AddWorkflowEndpoints(IServiceCollection, Action{WorkflowEndpointsOptions}?)"/>),
/// checked when the app starts. The gateway binds them from its <c>Gateway</c> configuration section.
/// </summary>
public sealed class WorkflowEndpointsOptions
{
    /// <summary>
    /// The path every endpoint is mapped under, e.g. <c>/workflows</c>: the HTTP API then answers at
    /// <c>/workflows/runtime/webhooks/durabletask/...</c> and the dashboard at <c>/workflows/dashboard/</c>. Default empty:
    /// at the root, as the gateway serves them.
    /// </summary>
    public string RoutePrefix { get; set; } = string.Empty;

    /// <summary>
    /// API keys. When any is set, every request under <see cref="RoutePrefix"/> but the health probes needs one, as the
    /// <c>code</c> query parameter or the <c>x-functions-key</c> header, else it is answered 401. Blank entries are
    /// ignored; keys are compared in constant time. Default none: no key asked for.
    /// </summary>
    public IList<string> ApiKeys { get; set; } = [];

    /// <summary>Whether the dashboard is served at <c>{RoutePrefix}/dashboard/</c>. Default true.</summary>
    public bool Dashboard { get; set; } = true;

    /// <summary>
    /// Whether the interactive API reference page is served at <c>{RoutePrefix}/api-docs/</c> (its script comes from the
    /// app itself: no CDN). Needs <see cref="OpenApiDocument"/>. Default true.
    /// </summary>
    public bool ApiReference { get; set; } = true;

    /// <summary>Whether the OpenAPI document is served at <c>{RoutePrefix}/openapi/v1.json</c>. Default true.</summary>
    public bool OpenApiDocument { get; set; } = true;

    /// <summary>Whether the liveness and readiness probes are served at <c>{RoutePrefix}/healthz</c> and <c>/readyz</c>. Default true.</summary>
    public bool HealthProbes { get; set; } = true;

    /// <summary>The largest accepted request body in bytes; larger bodies get 413. Default 1 MiB.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// How long one request may spend retrying transient cluster errors (a silo that died, a lost connection, a
    /// timeout) before it is answered 503 with <c>Retry-After</c>. Default 30 seconds.
    /// </summary>
    public TimeSpan RetryDeadline { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long <c>/readyz</c> waits for the cluster to answer before it reports 503. Default 2 seconds.</summary>
    public TimeSpan ReadinessTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The <c>Retry-After</c> seconds of a 503. Default 5.</summary>
    public int UnavailableRetryAfterSeconds { get; set; } = 5;
}
