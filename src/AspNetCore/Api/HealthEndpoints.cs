using System.Globalization;
using Microsoft.Extensions.Options;

namespace OrleansWorkflows.Gateway.Api;

/// <summary>
/// Probes: <c>GET /healthz</c> (liveness: 200 whenever the process serves HTTP) and <c>GET /readyz</c> (readiness: 200
/// when a cheap call reaches the workflow engine within <see cref="WorkflowEndpointsOptions.ReadinessTimeout"/>, else 503 with
/// <c>Retry-After</c>). Both are served without an API key.
/// </summary>
internal static class HealthEndpoints
{
    public const string LivePath = "/healthz";
    public const string ReadyPath = "/readyz";

    /// <summary>An id no one starts: reading its status costs one store read and creates nothing.</summary>
    private const string ProbeInstanceId = "$ow-readiness-probe";

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(LivePath, () => TypedResults.Ok(new HealthResponse("Healthy", null)))
            .WithTags("Health")
            .WithName("Liveness")
            .WithSummary("Liveness: 200 while the gateway process serves requests (no API key needed).")
            .Produces<HealthResponse>();
        app.MapGet(ReadyPath, ReadyAsync)
            .WithTags("Health")
            .WithName("Readiness")
            .WithSummary("Readiness: 200 when the workflow engine answers a cheap call within a short timeout, else 503 (no API key needed).")
            .Produces<HealthResponse>()
            .Produces<HealthResponse>(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<IResult> ReadyAsync(HttpContext http, [FromKeyedServices(WorkflowEndpoints.ClientKey)] WorkflowClient client, IOptions<WorkflowEndpointsOptions> options)
    {
        var timeout = options.Value.ReadinessTimeout;
        try
        {
            await client.WithTransientRetryBudget(timeout).GetStatusAsync(ProbeInstanceId, includeInputsAndOutputs: false, cancellationToken: http.RequestAborted);
            return TypedResults.Ok(new HealthResponse("Ready", null));
        }
        catch (Exception ex) when (WorkflowClient.IsTransient(ex) || ex is OrleansException)
        {
            http.Response.Headers.RetryAfter = options.Value.UnavailableRetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return TypedResults.Json(
                new HealthResponse("Unavailable", $"The workflow engine did not answer within {timeout.TotalSeconds:0.#} s: {ex.Message}"),
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}

/// <summary>The body of the probes.</summary>
/// <param name="Status"><c>Healthy</c>, <c>Ready</c> or <c>Unavailable</c>.</param>
/// <param name="Detail">Why not ready, when not.</param>
internal sealed record HealthResponse(
    [property: System.Text.Json.Serialization.JsonPropertyName("status")] string Status,
    [property: System.Text.Json.Serialization.JsonPropertyName("detail")] string? Detail);
