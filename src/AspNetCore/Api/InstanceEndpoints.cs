using System.Globalization;
using Microsoft.Extensions.Options;

namespace OrleansWorkflows.Gateway.Api;

/// <summary>One instance: <c>GET instances/{id}</c> (status) and <c>POST instances/{id}/raiseEvent/{eventName}</c>.</summary>
internal static class InstanceEndpoints
{
    private const int StatusRetryAfterSeconds = 5;

    public static IEndpointRouteBuilder MapInstanceEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(DurableRoutes.BasePath).WithTags("Instances").AddEndpointFilter<WorkflowErrorFilter>();
        group.MapGet("/instances/{instanceId}", GetStatusAsync)
            .WithName("GetInstanceStatus")
            .WithSummary("Gets the status of an instance: 200 when finished, 202 while it runs.")
            .Produces<InstanceStatusResponse>(StatusCodes.Status200OK)
            .Produces<InstanceStatusResponse>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/instances/{instanceId}/raiseEvent/{eventName}", RaiseEventAsync)
            .WithName("RaiseEvent")
            .WithSummary("Sends an external event with a JSON payload to a running instance.")
            .Produces(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status410Gone)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return app;
    }

    private static async Task<IResult> GetStatusAsync(
        string instanceId,
        bool? showHistory,
        bool? showHistoryOutput,
        bool? showInput,
        bool? returnInternalServerErrorOnFailure,
        HttpContext http,
        [FromKeyedServices(WorkflowEndpoints.ClientKey)] WorkflowClient client)
    {
        var view = new StatusView(showInput ?? true, showHistory ?? false, showHistoryOutput ?? false);
        var status = await client.GetStatusAsync(instanceId, includeHistory: view.ShowHistory, cancellationToken: http.RequestAborted);
        if (status is null)
        {
            return Problems.NotFound($"No orchestration instance '{instanceId}' exists.");
        }

        var response = InstanceStatusResponse.From(status, view);
        if (!status.IsCompleted)
        {
            http.Response.Headers.Location = DurableRoutes.RequestUri(http.Request);
            http.Response.Headers.RetryAfter = StatusRetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return TypedResults.Json(response, statusCode: StatusCodes.Status202Accepted);
        }

        var failedAsError = status.RuntimeStatus == OrchestrationRuntimeStatus.Failed && returnInternalServerErrorOnFailure == true;
        return TypedResults.Json(response, statusCode: failedAsError ? StatusCodes.Status500InternalServerError : StatusCodes.Status200OK);
    }

    private static async Task<IResult> RaiseEventAsync(
        string instanceId,
        string eventName,
        HttpContext http,
        [FromKeyedServices(WorkflowEndpoints.ClientKey)] WorkflowClient client,
        IOptions<WorkflowEndpointsOptions> options)
    {
        if (!http.Request.HasJsonContentType())
        {
            return Problems.BadRequest("The event payload must be sent with 'Content-Type: application/json'.");
        }

        var body = await JsonBody.ReadAsync(http.Request, options.Value.MaxRequestBodyBytes, http.RequestAborted);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        await client.RaiseEventJsonAsync(instanceId, eventName, body.Json, http.RequestId(), http.RequestAborted);
        return TypedResults.Accepted((string?)null);
    }
}
