using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace OrleansWorkflows.GatewayTests;

/// <summary>Calls of the Durable Functions HTTP API used by the tests, and condition-based waiting.</summary>
internal static class DurableApi
{
    public const string BasePath = "/runtime/webhooks/durabletask";
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    public static Task<HttpResponseMessage> StartAsync(this HttpClient http, string name, string? instanceId = null, string? json = null, string query = "")
    {
        var path = instanceId is null ? $"{BasePath}/orchestrators/{name}" : $"{BasePath}/orchestrators/{name}/{Uri.EscapeDataString(instanceId)}";
        return http.PostAsync(new Uri(path + query, UriKind.Relative), Json(json));
    }

    public static Task<HttpResponseMessage> GetStatusAsync(this HttpClient http, string instanceId, string query = "") =>
        http.GetAsync(new Uri($"{BasePath}/instances/{Uri.EscapeDataString(instanceId)}{query}", UriKind.Relative));

    public static Task<HttpResponseMessage> RaiseEventAsync(this HttpClient http, string instanceId, string eventName, string json) =>
        http.PostAsync(new Uri($"{BasePath}/instances/{Uri.EscapeDataString(instanceId)}/raiseEvent/{Uri.EscapeDataString(eventName)}", UriKind.Relative), Json(json));

    /// <summary>Starts an instance and returns its id, asserting the 202.</summary>
    public static async Task<string> StartInstanceAsync(this HttpClient http, string name, string? instanceId = null, string? json = null)
    {
        using var response = await http.StartAsync(name, instanceId, json);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("id").GetString()!;
    }

    /// <summary>Polls the status until <paramref name="condition"/> holds, failing after the deadline.</summary>
    public static Task<JsonElement> WaitForStatusAsync(this HttpClient http, string instanceId, Func<JsonElement, bool> condition, string query = "") =>
        Eventually.ValueAsync(
            async () =>
            {
                using var response = await http.GetStatusAsync(instanceId, query);
                var observed = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
                var holds = response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted && condition(await response.ReadJsonAsync());
                return (holds, holds ? await response.ReadJsonAsync() : default, observed);
            },
            DefaultDeadline,
            $"Instance '{instanceId}' reaching the expected state",
            PollInterval);

    /// <summary>Polls <paramref name="condition"/> until it holds, failing after the deadline.</summary>
    public static Task EventuallyAsync(Func<Task<bool>> condition, string description) =>
        Eventually.HoldsAsync(async () => (await condition(), "false"), DefaultDeadline, description, PollInterval);

    /// <summary>Polls until the instance is finished (the status endpoint answers 200).</summary>
    public static Task<JsonElement> WaitForFinishedAsync(this HttpClient http, string instanceId, string query = "") =>
        http.WaitForStatusAsync(instanceId, s => s.GetProperty("runtimeStatus").GetString() is "Completed" or "Failed" or "Terminated" or "Canceled", query);

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>Asserts a problem-details response with <paramref name="status"/>.</summary>
    public static async Task AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)status, (await response.ReadJsonAsync()).GetProperty("status").GetInt32());
    }

    private static StringContent? Json(string? json) =>
        json is null ? null : new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
}
