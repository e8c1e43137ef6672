namespace OrleansWorkflows.GatewayTests;

/// <summary>Instance-management calls of the HTTP API used by the tests.</summary>
internal static class ManagementApi
{
    public const string ContinuationHeader = "x-ms-continuation-token";

    /// <summary>POST instances/{id}/{operation}{query} with no body.</summary>
    public static Task<HttpResponseMessage> ControlAsync(this HttpClient http, string instanceId, string operation, string query = "") =>
        http.PostAsync(Relative($"/instances/{Uri.EscapeDataString(instanceId)}/{operation}{query}"), content: null);

    public static Task<HttpResponseMessage> PurgeAsync(this HttpClient http, string instanceId, string query = "") =>
        http.DeleteAsync(Relative($"/instances/{Uri.EscapeDataString(instanceId)}{query}"));

    public static Task<HttpResponseMessage> PurgeManyAsync(this HttpClient http, string query) =>
        http.DeleteAsync(Relative($"/instances{query}"));

    /// <summary>GET instances{query}, sending <paramref name="continuationToken"/> as the request header when given.</summary>
    public static Task<HttpResponseMessage> ListAsync(this HttpClient http, string query = "", string? continuationToken = null, string path = "/instances")
    {
        var request = new HttpRequestMessage(HttpMethod.Get, Relative(path + query));
        if (continuationToken is not null)
        {
            request.Headers.TryAddWithoutValidation(ContinuationHeader, continuationToken);
        }

        return http.SendAsync(request);
    }

    /// <summary>The continuation token of a list response; <c>null</c> when absent or empty (the last page).</summary>
    public static string? ContinuationToken(this HttpResponseMessage response) =>
        response.Headers.TryGetValues(ContinuationHeader, out var values) && values.FirstOrDefault() is { Length: > 0 } token ? token : null;

    public static Task<HttpResponseMessage> HistoryAsync(this HttpClient http, string instanceId, string query = "") =>
        http.GetAsync(Relative($"/instances/{Uri.EscapeDataString(instanceId)}/history{query}"));

    private static Uri Relative(string path) => new(DurableApi.BasePath + path, UriKind.Relative);
}
