using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace OrleansWorkflows.GatewayTests;

/// <summary>Entity calls of the HTTP API used by the tests.</summary>
internal static class EntityApi
{
    public static Task<HttpResponseMessage> SignalEntityAsync(this HttpClient http, string name, string key, string? op, string? json = null)
    {
        var query = op is null ? string.Empty : $"?op={Uri.EscapeDataString(op)}";
        var content = json is null ? null : new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        return http.PostAsync(Relative($"/entities/{name}/{Uri.EscapeDataString(key)}{query}"), content);
    }

    public static Task<HttpResponseMessage> GetEntityAsync(this HttpClient http, string name, string key) =>
        http.GetAsync(Relative($"/entities/{name}/{Uri.EscapeDataString(key)}"));

    public static Task<HttpResponseMessage> DeleteEntityAsync(this HttpClient http, string name, string key) =>
        http.DeleteAsync(Relative($"/entities/{name}/{Uri.EscapeDataString(key)}"));

    /// <summary>Polls the entity's state until it equals <paramref name="expectedJson"/> (or, for <c>null</c>, until it is gone).</summary>
    public static Task WaitForEntityAsync(this HttpClient http, string name, string key, string? expectedJson) =>
        Eventually.HoldsAsync(
            async () =>
            {
                using var response = await http.GetEntityAsync(name, key);
                var body = await response.Content.ReadAsStringAsync();
                var holds = expectedJson is null ? response.StatusCode == HttpStatusCode.NotFound : response.StatusCode == HttpStatusCode.OK && body == expectedJson;
                return (holds, $"{(int)response.StatusCode} {body}");
            },
            DurableApi.DefaultDeadline,
            $"Entity {name}/{key} reaching {expectedJson ?? "(deleted)"}",
            DurableApi.PollInterval);

    private static Uri Relative(string path) => new(DurableApi.BasePath + path, UriKind.Relative);
}
