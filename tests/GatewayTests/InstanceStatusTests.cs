using System.Net;
using System.Text.Json;

namespace OrleansWorkflows.GatewayTests;

/// <summary>GET instances/{id}: the status object, 200/202/404, input and history options.</summary>
public sealed class InstanceStatusTests(GatewayFactory factory) : IClassFixture<GatewayFactory>
{
    private static readonly string[] StatusKeys =
        ["name", "instanceId", "runtimeStatus", "input", "customStatus", "output", "createdTime", "lastUpdatedTime"];

    private readonly HttpClient _http = factory.CreateClient();

    [Fact]
    public async Task GetStatus_UnknownInstance_Returns404()
    {
        using var response = await _http.GetStatusAsync($"missing-{Guid.NewGuid():N}");

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task GetStatus_RunningInstance_Returns202WithLocationAndRetryAfter()
    {
        var id = await _http.StartInstanceAsync("Approval", json: """{"timeoutSeconds": 600}""");
        await _http.WaitForStatusAsync(id, s => s.GetProperty("runtimeStatus").GetString() == "Running");

        using var response = await _http.GetStatusAsync(id, "?taskHub=hub&connection=conn&code=secret");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(new Uri($"http://localhost{DurableApi.BasePath}/instances/{id}?taskHub=hub&connection=conn&code=secret"), response.Headers.Location);
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        var status = await response.ReadJsonAsync();
        Assert.Equal(StatusKeys, status.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Approval", status.GetProperty("name").GetString());
        Assert.Equal(600, status.GetProperty("input").GetProperty("timeoutSeconds").GetInt32());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("output").ValueKind);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$", status.GetProperty("createdTime").GetString());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$", status.GetProperty("lastUpdatedTime").GetString());
        using var approve = await _http.RaiseEventAsync(id, "Approval", "true");
    }

    [Fact]
    public async Task GetStatus_ShowInputFalse_KeepsInputKeyAsNull()
    {
        var id = await _http.StartInstanceAsync("FanOutFanIn", json: "3");
        await _http.WaitForFinishedAsync(id);

        using var response = await _http.GetStatusAsync(id, "?showInput=false");

        var status = await response.ReadJsonAsync();
        Assert.Equal(JsonValueKind.Null, status.GetProperty("input").ValueKind);
        Assert.Equal(14, status.GetProperty("output").GetInt64());
        Assert.False(status.TryGetProperty("historyEvents", out _));
    }

    [Fact]
    public async Task GetStatus_ShowHistory_ReturnsFoldedHistoryEvents()
    {
        var id = await _http.StartInstanceAsync("HelloSequence");
        await _http.WaitForFinishedAsync(id);

        using var response = await _http.GetStatusAsync(id, "?showHistory=true");

        var events = (await response.ReadJsonAsync()).GetProperty("historyEvents").EnumerateArray().ToList();
        var types = events.Select(e => e.GetProperty("EventType").GetString()).ToList();
        Assert.Equal("ExecutionStarted", types[0]);
        Assert.Equal("ExecutionCompleted", types[^1]);
        Assert.DoesNotContain("OrchestratorStarted", types);
        Assert.DoesNotContain("TaskScheduled", types);
        var completed = events.Where(e => e.GetProperty("EventType").GetString() == "TaskCompleted").ToList();
        Assert.Equal(3, completed.Count);
        Assert.All(completed, e => Assert.Equal("SayHello", e.GetProperty("FunctionName").GetString()));
        Assert.All(completed, e => Assert.False(e.TryGetProperty("Result", out _)));
        Assert.All(completed, e => Assert.True(e.TryGetProperty("ScheduledTime", out _)));
    }

    [Fact]
    public async Task GetStatus_ShowHistoryOutput_IncludesResults()
    {
        var id = await _http.StartInstanceAsync("HelloSequence");
        await _http.WaitForFinishedAsync(id);

        using var response = await _http.GetStatusAsync(id, "?showHistory=true&showHistoryOutput=true");

        var events = (await response.ReadJsonAsync()).GetProperty("historyEvents").EnumerateArray().ToList();
        var results = events.Where(e => e.GetProperty("EventType").GetString() == "TaskCompleted")
            .Select(e => e.GetProperty("Result").GetString());
        Assert.Equal(["Hello Tokyo!", "Hello Seattle!", "Hello London!"], results);
    }

    [Fact]
    public async Task GetStatus_FailedInstance_Returns200Or500WithFlag()
    {
        var id = await _http.StartInstanceAsync("FanOutFanIn", json: "\"not a number\"");
        var failed = await _http.WaitForFinishedAsync(id);

        using var plain = await _http.GetStatusAsync(id);
        using var flagged = await _http.GetStatusAsync(id, "?returnInternalServerErrorOnFailure=true");

        Assert.Equal("Failed", failed.GetProperty("runtimeStatus").GetString());
        Assert.False(string.IsNullOrEmpty(failed.GetProperty("output").GetProperty("errorMessage").GetString()));
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, flagged.StatusCode);
        Assert.Equal("Failed", (await flagged.ReadJsonAsync()).GetProperty("runtimeStatus").GetString());
    }

    [Fact]
    public async Task Countdown_ContinuesAsNewToDone_WithCustomStatus()
    {
        var id = await _http.StartInstanceAsync("Countdown", json: "3");

        var status = await _http.WaitForFinishedAsync(id);

        Assert.Equal("Done", status.GetProperty("output").GetString());
        Assert.Equal(0, status.GetProperty("customStatus").GetProperty("remaining").GetInt32());
        Assert.Equal(0, status.GetProperty("input").GetInt32());
    }

    [Fact]
    public async Task Retry_SucceedsOnThirdAttempt()
    {
        var id = await _http.StartInstanceAsync("Retry");

        var status = await _http.WaitForFinishedAsync(id);

        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        Assert.Equal(3, status.GetProperty("output").GetInt32());
    }
}
