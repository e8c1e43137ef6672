using Microsoft.AspNetCore.Mvc;

namespace OrleansWorkflows.Gateway.Api;

/// <summary>
/// Managing one instance: terminate, suspend, resume, rewind, restart (<c>POST instances/{id}/...</c>) and purge
/// (<c>DELETE instances/{id}</c>). Each passes the HTTP request's id (<see cref="RequestIds"/>), so a client repeating a
/// request after a slow or lost answer gets the first answer again (202, or 200 for a purge) and nothing applies twice.
/// </summary>
internal static class InstanceControlEndpoints
{
    public static IEndpointRouteBuilder MapInstanceControlEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(DurableRoutes.BasePath + "/instances").WithTags("Instances").AddEndpointFilter<WorkflowErrorFilter>();
        Control(group.MapPost("/{instanceId}/terminate", TerminateAsync), "TerminateInstance",
            "Terminates a Pending, Running or Suspended instance (with `recursive=true` also the sub-orchestrations it waits for).");
        Control(group.MapPost("/{instanceId}/suspend", SuspendAsync), "SuspendInstance",
            "Suspends a running instance; incoming events are buffered until it is resumed.");
        Control(group.MapPost("/{instanceId}/resume", ResumeAsync), "ResumeInstance", "Resumes a suspended instance.");
        Control(group.MapPost("/{instanceId}/rewind", RewindAsync), "RewindInstance",
            "Rewinds a Failed instance: its failed activities and sub-orchestrations run again. 412 when the instance did not fail.")
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
        group.MapPost("/{instanceId}/restart", RestartAsync)
            .WithName("RestartInstance")
            .WithSummary("Starts a finished instance again with its input and its orchestration version (or the `version` asked for), under a new id (default) or the same id; answers the new instance's check-status payload.")
            .Produces<CheckStatusPayload>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapDelete("/{instanceId}", PurgeAsync)
            .WithName("PurgeInstance")
            .WithSummary("Deletes a finished instance and its history (with `recursive=true` also its sub-orchestrations). 412 while it runs.")
            .Produces<PurgeResponse>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
        return app;
    }

    private static RouteHandlerBuilder Control(RouteHandlerBuilder endpoint, string name, string summary) => endpoint
        .WithName(name)
        .WithSummary(summary)
        .Produces(StatusCodes.Status202Accepted)
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status410Gone);

    private static async Task<IResult> TerminateAsync(string instanceId, [FromQuery] string? reason, [FromQuery] string? recursive, HttpContext http, [FromKeyedServices(WorkflowEndpoints.ClientKey)] WorkflowClient client)
    {
        IResult? problem = null;
        var all = QueryValues.Bool(nameof(recursive), recursive, false, ref problem);
        if (problem is not null)
        {
            return problem;
        }

        await client.TerminateAsync(instanceId, reason, all, http.RequestId(), http.RequestAborted);
        return TypedResults.Accepted((string?)null);
    }

    private static async Task<IResult> SuspendAsync(string instanceId, [FromQuery] string? reason, HttpContext http, [FromKeyedServices(WorkflowEndpoints.ClientKey)] WorkflowClient client)
    {
        await client.SuspendAsync(instanceId, reason, http.RequestId(), http.RequestAborted);
        return TypedResults.Accepted((string?)null);
    }

    private static async Task<IResult> ResumeAsync(string instanceId, [FromQuery] string? reason, HttpContext http, [FromKeyedServices(WorkflowEndpoints.ClientKey)] WorkflowClient client)
    {
        await client.ResumeAsync(instanceId, reason, http.RequestId(), http.RequestAborted);
        return TypedResults.Accepted((string?)null);
    }

    private static async Task<IResult> RewindAsync(string instanceId, [FromQuery] string? reason, HttpContext http, [FromKeyedServices(WorkflowEndpoints.ClientKey)] WorkflowClient client)
    {
        await client.RewindAsync(instanceId, reason, http.RequestId(), http.RequestAborted);
        return TypedResults.Accepted((string?)null);
    }

    private static async Task<IResult> RestartAsync(
        string instanceId, [FromQuery] string? restartWithNewInstanceId, [FromQuery] string? version, HttpContext http, [FromKeyedServices(WorkflowEndpoints.ClientKey)] WorkflowClient client)
    {
        IResult? problem = null;
        var newId = QueryValues.Bool(nameof(restartWithNewInstanceId), restartWithNewInstanceId, true, ref problem);
        if (problem is not null)
        {
            return problem;
        }

        // The request id makes a retried restart the same restart (the same new id, or the same start of this id); without
        // a version it runs the version the instance ran.
        var id = await client.RestartAsync(instanceId, newId, http.RequestId(), string.IsNullOrEmpty(version) ? null : version, http.RequestAborted);
        return CheckStatusPayload.Create(http.Request, id).ToAcceptedResult(http.Response);
    }

    private static async Task<IResult> PurgeAsync(string instanceId, [FromQuery] string? recursive, HttpContext http, [FromKeyedServices(WorkflowEndpoints.ClientKey)] WorkflowClient client)
    {
        IResult? problem = null;
        var all = QueryValues.Bool(nameof(recursive), recursive, false, ref problem);
        if (problem is not null)
        {
            return problem;
        }

        return TypedResults.Ok(new PurgeResponse(await client.PurgeInstanceAsync(instanceId, all, http.RequestId(), http.RequestAborted)));
    }
}
