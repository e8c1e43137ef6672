using OrleansWorkflows.Runtime;

namespace OrleansWorkflows.Gateway.Api;

/// <summary>The problem-details responses of the API (application/problem+json).</summary>
internal static class Problems
{
    public static IResult BadRequest(string detail) => Create(StatusCodes.Status400BadRequest, "Bad request", detail);

    public static IResult NotFound(string detail) => Create(StatusCodes.Status404NotFound, "Not found", detail);

    public static IResult TooLarge(long limit) =>
        Create(StatusCodes.Status413PayloadTooLarge, "Payload too large", $"The request body must be at most {limit} bytes.");

    /// <summary>A request body the server could not read: 408 when it came too slowly, else 400.</summary>
    public static IResult BadBody(IOException failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return failure is BadHttpRequestException { StatusCode: StatusCodes.Status408RequestTimeout }
            ? Create(StatusCodes.Status408RequestTimeout, "Request body too slow", $"The request body did not arrive in time: {failure.Message}")
            : Create(StatusCodes.Status400BadRequest, "Bad request", $"The request body could not be read: {failure.Message}");
    }

    public static IResult Unavailable(string detail) =>
        Create(StatusCodes.Status503ServiceUnavailable, "Workflow engine unavailable", detail);

    /// <summary>The response for an operation the engine refused.</summary>
    public static IResult From(WorkflowClientException refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        var (status, title) = refusal.Outcome switch
        {
            OperationOutcome.NotFound => (StatusCodes.Status404NotFound, "Not found"),
            OperationOutcome.AlreadyExists => (StatusCodes.Status409Conflict, "Instance already running"),
            OperationOutcome.UnknownOrchestration => (StatusCodes.Status400BadRequest, "Unknown orchestration"),
            OperationOutcome.InstanceFinished => (StatusCodes.Status410Gone, "Instance finished"),
            OperationOutcome.NotAllowed => (StatusCodes.Status412PreconditionFailed, "Not allowed in the instance's current state"),
            _ => (StatusCodes.Status400BadRequest, "Bad request"),
        };
        return Create(status, title, refusal.Message);
    }

    private static IResult Create(int status, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title);
}
