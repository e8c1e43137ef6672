using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using OrleansWorkflows.Runtime;

namespace OrleansWorkflows.Gateway.Api;

/// <summary>
/// One entity: <c>GET entities/{name}/{key}</c> (raw state), <c>POST entities/{name}/{key}?op=</c> (signal) and
/// <c>DELETE entities/{name}/{key}</c> (signals the built-in <c>delete</c> operation). A key of <c>$</c> is the empty key.
/// </summary>
internal static class EntityEndpoints
{
    private const string DeleteOperation = "delete";

    public static IEndpointRouteBuilder MapEntityEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(DurableRoutes.BasePath + "/entities").WithTags("Entities").AddEndpointFilter<WorkflowErrorFilter>();
        group.MapGet("/{name}/{key}", GetAsync)
            .WithName("GetEntityState")
            .WithSummary("Reads an entity's state as raw JSON (key `$` = the empty key).")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{name}/{key}", SignalAsync)
            .WithName("SignalEntity")
            .WithSummary("Signals operation `op` of an entity with an optional JSON input; it runs later, in order.")
            .Accepts<System.Text.Json.JsonElement>(isOptional: true, "application/json", "*/*")
            .Produces(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        group.MapDelete("/{name}/{key}", DeleteAsync)
            .WithName("DeleteEntity")
            .WithSummary("Deletes an entity's state (signals its `delete` operation).")
            .Produces(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return app;
    }

    /// <summary>The entity id of a path, or the 400 problem; <c>$</c> is the empty key.</summary>
    public static IResult? TryParse(string name, string key, out EntityId entity)
    {
        entity = default;
        try
        {
            entity = new EntityId(name, key == "$" ? string.Empty : key);
            return null;
        }
        catch (ArgumentException ex)
        {
            return Problems.BadRequest(ex.Message);
        }
    }

    private static async Task<IResult> GetAsync(string name, string key, HttpContext http, [FromKeyedServices(WorkflowEndpoints.ClientKey)] WorkflowClient client)
    {
        if (TryParse(name, key, out var entity) is { } problem)
        {
            return problem;
        }

        return await client.GetEntityAsync(entity, includeState: true, http.RequestAborted) is { SerializedState: { } state }
            ? TypedResults.Content(state, "application/json")
            : Problems.NotFound($"No entity '{entity}' exists.");
    }

    private static async Task<IResult> SignalAsync(string name, string key, [FromQuery] string? op, HttpContext http, [FromKeyedServices(WorkflowEndpoints.ClientKey)] WorkflowClient client, IOptions<WorkflowEndpointsOptions> options)
    {
        if (TryParse(name, key, out var entity) is { } problem)
        {
            return problem;
        }

        if (string.IsNullOrWhiteSpace(op))
        {
            return Problems.BadRequest("The operation name 'op' is required.");
        }

        var body = await JsonBody.ReadAsync(http.Request, options.Value.MaxRequestBodyBytes, http.RequestAborted);
        return body.Problem ?? await SendAsync(client, entity, op, body.Json, http);
    }

    private static async Task<IResult> DeleteAsync(string name, string key, HttpContext http, [FromKeyedServices(WorkflowEndpoints.ClientKey)] WorkflowClient client) =>
        TryParse(name, key, out var entity) ?? await SendAsync(client, entity, DeleteOperation, null, http);

    /// <summary>Signals once per HTTP request id; an unregistered entity name (the engine's NotFound) is bad input here, 400.</summary>
    private static async Task<IResult> SendAsync(WorkflowClient client, EntityId entity, string operation, string? json, HttpContext http)
    {
        try
        {
            await client.SignalEntityJsonAsync(entity, operation, json, http.RequestId(), http.RequestAborted);
            return TypedResults.Accepted((string?)null);
        }
        catch (WorkflowClientException ex) when (ex.Outcome == OperationOutcome.NotFound)
        {
            return Problems.BadRequest(ex.Message);
        }
    }
}
