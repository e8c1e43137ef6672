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

    [Fact]
    public async Task Restart_BadFlag_Returns400Problem()
    {
        using var response = await _http.ControlAsync("any-id", "restart", "?restartWithNewInstanceId=perhaps");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }
}
