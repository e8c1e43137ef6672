using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace OrleansWorkflows.Gateway.Api;

/// <summary>
/// Starting orchestrations: <c>POST orchestrators/{name}[/{instanceId}]</c> under the Durable Functions base path, and
/// the same under <c>/api/</c> — the route of the Durable Functions HTTP-start sample function, so scripts written
/// against that sample work unchanged.
/// </summary>
internal static class OrchestrationEndpoints
{
    public const string HttpStartBasePath = "/api";

    public static IEndpointRouteBuilder MapOrchestrationEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(DurableRoutes.BasePath).WithTags("Orchestrations").AddEndpointFilter<WorkflowErrorFilter>();
        Describe(group.MapPost("/orchestrators/{name}", StartAsync), "StartOrchestration");
        Describe(group.MapPost("/orchestrators/{name}/{instanceId}", StartAsync), "StartOrchestrationWithId");
        var httpStart = app.MapGroup(HttpStartBasePath).WithTags("Orchestrations").AddEndpointFilter<WorkflowErrorFilter>();
        Describe(httpStart.MapPost("/orchestrators/{name}", StartAsync), "HttpStartOrchestration", " (HTTP-start sample route)");
        Describe(httpStart.MapPost("/orchestrators/{name}/{instanceId}", StartAsync), "HttpStartOrchestrationWithId", " (HTTP-start sample route)");
        return app;
    }

    private static void Describe(RouteHandlerBuilder endpoint, string name, string note = "") => endpoint
        .WithName(name)
        .WithSummary($"Starts an orchestration instance (a new random id unless one is given; the orchestration's default version unless `version` names one); the optional JSON body is its input{note}.")
        .Accepts<JsonElement>(isOptional: true, "application/json", "*/*")
        .Produces<CheckStatusPayload>(StatusCodes.Status202Accepted)
        .Produces(StatusCodes.Status200OK)
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge);

    /// <summary>
    /// Starts the instance and answers 202 with the check-status payload; with <c>timeout</c> (seconds) it first waits
    /// for the instance: 200 with the raw output when it completed, 200 with its status when it failed or was
    /// terminated or canceled.
    /// </summary>
    private static async Task<IResult> StartAsync(
        string name,
        double? timeout,
        double? pollingInterval,
        HttpContext http,
        [FromKeyedServices(WorkflowEndpoints.ClientKey)] WorkflowClient client,
        IOptions<WorkflowEndpointsOptions> options,
        [FromQuery] string? version,
        string? instanceId = null,
        DateTimeOffset? scheduledStartTime = null)
    {
        var body = await JsonBody.ReadAsync(http.Request, options.Value.MaxRequestBodyBytes, http.RequestAborted);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        // Fixed once per HTTP request: every retry of the start repeats the same (instance id, request id).
        var start = new StartOrchestrationOptions
        {
            InstanceId = string.IsNullOrEmpty(instanceId) ? InstanceIds.New() : instanceId,
            RequestId = http.RequestId(),
            Version = string.IsNullOrEmpty(version) ? null : version,
            ScheduledStartTime = scheduledStartTime,
        };
        var id = await client.StartJsonAsync(name, body.Json, start, http.RequestAborted);
        if (CompletionWaiter.Timeout(timeout) is { } wait)
        {
            if (await CompletionWaiter.WaitAsync(client, id, wait, http.RequestAborted) is { } finished)
            {
                return finished.RuntimeStatus == OrchestrationRuntimeStatus.Completed
                    ? TypedResults.Content(finished.SerializedOutput ?? "null", "application/json")
                    : TypedResults.Json(InstanceStatusResponse.From(finished, new StatusView()));
            }
        }

        return CheckStatusPayload.Create(http.Request, id).ToAcceptedResult(http.Response);
    }
}
