using System.Text.Json.Serialization;

namespace OrleansWorkflows.Gateway.Api;

/// <summary>The check-status payload returned when an instance is started (Durable Functions shape).</summary>
internal sealed record CheckStatusPayload(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("statusQueryGetUri")] string StatusQueryGetUri,
    [property: JsonPropertyName("sendEventPostUri")] string SendEventPostUri,
    [property: JsonPropertyName("terminatePostUri")] string TerminatePostUri,
    [property: JsonPropertyName("purgeHistoryDeleteUri")] string PurgeHistoryDeleteUri,
    [property: JsonPropertyName("restartPostUri")] string RestartPostUri,
    [property: JsonPropertyName("suspendPostUri")] string SuspendPostUri,
    [property: JsonPropertyName("resumePostUri")] string ResumePostUri)
{
    /// <summary>The Retry-After seconds sent with the payload.</summary>
    public const int RetryAfterSeconds = 10;

    /// <summary>
    /// Builds the payload for <paramref name="instanceId"/>; <c>{eventName}</c> and <c>{text}</c> stay literal. Every URL
    /// carries the request's <c>code=</c> API key when it came with one.
    /// </summary>
    public static CheckStatusPayload Create(HttpRequest request, string instanceId)
    {
        var instance = DurableRoutes.InstanceUri(request, instanceId);
        string Uri(string uri) => DurableRoutes.WithKeyOf(request, uri);
        return new CheckStatusPayload(
            instanceId,
            Uri(instance),
            Uri($"{instance}/raiseEvent/{{eventName}}"),
            Uri($"{instance}/terminate?reason={{text}}"),
            Uri(instance),
            Uri($"{instance}/restart"),
            Uri($"{instance}/suspend?reason={{text}}"),
            Uri($"{instance}/resume?reason={{text}}"));
    }

    /// <summary>202 Accepted with this payload, <c>Location</c> and <c>Retry-After</c>.</summary>
    public IResult ToAcceptedResult(HttpResponse response)
    {
        response.Headers.Location = StatusQueryGetUri;
        response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Json(this, statusCode: StatusCodes.Status202Accepted);
    }
}
