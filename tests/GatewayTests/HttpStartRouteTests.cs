using System.Net;

namespace OrleansWorkflows.GatewayTests;

/// <summary><c>POST /api/orchestrators/{name}[/{instanceId}]</c>: the route of the Durable Functions HTTP-start sample.</summary>
public sealed class HttpStartRouteTests(GatewayFactory factory) : IClassFixture<GatewayFactory>
{
    private readonly HttpClient _http = factory.CreateClient();

    [Fact]
    public async Task HttpStart_WithoutId_Answers202WithCheckStatusPayload()
    {
        using var response = await _http.PostAsync(new Uri("/api/orchestrators/HelloSequence", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var payload = await response.ReadJsonAsync();
        var id = payload.GetProperty("id").GetString()!;
        var status = payload.GetProperty("statusQueryGetUri").GetString()!;
        Assert.EndsWith($"{DurableApi.BasePath}/instances/{id}", status, StringComparison.Ordinal);
        Assert.Equal(status, response.Headers.Location?.ToString());
        Assert.Equal(TimeSpan.FromSeconds(10), response.Headers.RetryAfter?.Delta);
        foreach (var property in new[] { "sendEventPostUri", "terminatePostUri", "purgeHistoryDeleteUri", "restartPostUri", "suspendPostUri", "resumePostUri" })
        {
            Assert.StartsWith(status, payload.GetProperty(property).GetString(), StringComparison.Ordinal);
        }

        Assert.Equal("Completed", (await _http.WaitForFinishedAsync(id)).GetProperty("runtimeStatus").GetString());
    }

    [Fact]
    public async Task HttpStart_WithIdAndInput_StartsThatInstance()
    {
        var id = $"http-start-{Guid.NewGuid():N}";

        using var response = await _http.PostAsync(new Uri($"/api/orchestrators/Approval/{id}", UriKind.Relative), new StringContent("{\"timeoutSeconds\":300}"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(id, (await response.ReadJsonAsync()).GetProperty("id").GetString());
        var status = await _http.WaitForStatusAsync(id, s => s.GetProperty("runtimeStatus").GetString() == "Running");
        Assert.Equal(300, status.GetProperty("input").GetProperty("timeoutSeconds").GetInt32());
    }

    [Fact]
    public async Task HttpStart_RunningIdOrUnknownName_AnswersProblems()
    {
        var id = $"http-start-{Guid.NewGuid():N}";
        using var first = await _http.PostAsync(new Uri($"/api/orchestrators/Approval/{id}", UriKind.Relative), null);
        using var again = await _http.PostAsync(new Uri($"/api/orchestrators/Approval/{id}", UriKind.Relative), null);
        using var unknown = await _http.PostAsync(new Uri("/api/orchestrators/NoSuchOrchestration", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        await again.AssertProblemAsync(HttpStatusCode.Conflict);
        await unknown.AssertProblemAsync(HttpStatusCode.BadRequest);
    }
}
