using System.Net;

namespace OrleansWorkflows.GatewayTests.Management;

/// <summary>POST instances/{id}/rewind (Failed only, else 412) and restart (202 check-status of the new instance, 409 running).</summary>
public sealed class RewindRestartTests(GatewayFactory factory) : IClassFixture<GatewayFactory>
{
    private readonly HttpClient _http = factory.CreateClient();

    [Fact]
    public async Task Rewind_FailedInstance_Returns202()
    {
        var id = await _http.StartInstanceAsync("FanOutFanIn", json: "\"not a number\"");
        await _http.WaitForFinishedAsync(id);

        using var response = await _http.ControlAsync(id, "rewind", "?reason=try again");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await _http.WaitForFinishedAsync(id);
    }

    [Fact]
    public async Task Rewind_CompletedInstance_Returns412Problem()
    {
        var id = await _http.StartInstanceAsync("HelloSequence");
        await _http.WaitForFinishedAsync(id);

        using var response = await _http.ControlAsync(id, "rewind");

        await response.AssertProblemAsync(HttpStatusCode.PreconditionFailed);
    }

    [Fact]
    public async Task Restart_Completed_Returns202CheckStatusOfANewInstanceThatCompletes()
    {
        var id = await _http.StartInstanceAsync("FanOutFanIn", json: "3");
        await _http.WaitForFinishedAsync(id);

        using var response = await _http.ControlAsync(id, "restart");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var payload = await response.ReadJsonAsync();
        var newId = payload.GetProperty("id").GetString()!;
        Assert.NotEqual(id, newId);
        Assert.Equal(new Uri($"http://localhost{DurableApi.BasePath}/instances/{newId}"), response.Headers.Location);
        Assert.Equal(payload.GetProperty("statusQueryGetUri").GetString(), response.Headers.Location!.ToString());
        var restarted = await _http.WaitForFinishedAsync(newId);
        Assert.Equal(14, restarted.GetProperty("output").GetInt32());
        Assert.Equal(3, restarted.GetProperty("input").GetInt32());
    }

    [Fact]
    public async Task Restart_WithSameId_ReusesTheId()
    {
        var id = await _http.StartInstanceAsync("HelloSequence");
        await _http.WaitForFinishedAsync(id);

        using var response = await _http.ControlAsync(id, "restart", "?restartWithNewInstanceId=false");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(id, (await response.ReadJsonAsync()).GetProperty("id").GetString());
        await _http.WaitForFinishedAsync(id);
    }

    [Fact]
    public async Task Restart_Running_Returns409Problem()
    {
        var id = await _http.StartInstanceAsync("Approval", json: """{"timeoutSeconds": 600}""");

        using var response = await _http.ControlAsync(id, "restart");

        await response.AssertProblemAsync(HttpStatusCode.Conflict);
        using var terminate = await _http.ControlAsync(id, "terminate");
    }

    [Theory]
    [InlineData("")]
    [InlineData("?restartWithNewInstanceId=false")]
    public async Task Restart_RepeatedWithTheSameRequestId_IsTheSameRestart(string query)
    {
        var id = await _http.StartInstanceAsync("FanOutFanIn", json: "2");
        await _http.WaitForFinishedAsync(id);
        var requestId = $"restart-{Guid.NewGuid():N}";

        var first = await RestartAsync(id, query, requestId);
        var again = await RestartAsync(id, query, requestId);

        Assert.Equal(first, again);
        Assert.Equal(query.Length > 0, first == id);
        var restarted = await _http.WaitForFinishedAsync(first);
        Assert.Equal(2, restarted.GetProperty("input").GetInt32());
        if (query.Length == 0)
        {
            // Another request is another restart: another new instance.
            Assert.NotEqual(first, await RestartAsync(id, query, $"other-{Guid.NewGuid():N}"));
        }
    }

    private async Task<string> RestartAsync(string id, string query, string requestId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"{DurableApi.BasePath}/instances/{id}/restart{query}", UriKind.Relative));
        request.Headers.Add("x-ms-request-id", requestId);
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task Restart_BadFlag_Returns400Problem()
    {
        using var response = await _http.ControlAsync("any-id", "restart", "?restartWithNewInstanceId=perhaps");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }
}
