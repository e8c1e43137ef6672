namespace OrleansWorkflows.Gateway.Api;

/// <summary>
/// One request id per HTTP request, fixed before any call to the cluster and reused by every retry of it, so the engine
/// recognises a repeated start, event or signal. Taken from the caller's <c>x-ms-request-id</c>, <c>x-ms-client-request-id</c>,
/// <c>Request-Id</c> or <c>x-request-id</c> header when it is a usable id (a client retrying the HTTP request with the
/// same header gets the same deduplication), else a new one; echoed in the <c>x-ms-request-id</c> response header.
/// Usable means 1-128 printable ASCII characters: a value the server could not echo as a header (non-ASCII, control
/// characters) is ignored like a missing one.
/// </summary>
internal static class RequestIds
{
    public const string ResponseHeader = "x-ms-request-id";
    private static readonly string[] IncomingHeaders = ["x-ms-request-id", "x-ms-client-request-id", "Request-Id", "x-request-id"];
    private static readonly object ItemKey = new();

    /// <summary>The request id of <paramref name="http"/>.</summary>
    public static string RequestId(this HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.Items[ItemKey] is not string id)
        {
            id = Incoming(http.Request) ?? InstanceIds.New();
            http.Items[ItemKey] = id;
        }

        return id;
    }

    /// <summary>Fixes the request id first thing and echoes it on the response.</summary>
    public static IApplicationBuilder UseRequestIds(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        http.Response.Headers[ResponseHeader] = http.RequestId();
        return next(http);
    });

    private static string? Incoming(HttpRequest request)
    {
        foreach (var header in IncomingHeaders)
        {
            if (request.Headers[header] is [{ Length: > 0 and <= WorkflowClient.MaxRequestIdLength } value] && value.All(c => c is >= ' ' and <= '~'))
            {
                return value;
            }
        }

        return null;
    }
}
