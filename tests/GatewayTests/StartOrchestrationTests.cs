using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace OrleansWorkflows.GatewayTests;

/// <summary>POST orchestrators/{name}[/{instanceId}]: the check-status contract, waiting with timeout, conflicts.</summary>
public sealed partial class StartOrchestrationTests(GatewayFactory factory) : IClassFixture<GatewayFactory>
{
    private static readonly string[] PayloadKeys =
    [
        "id", "statusQueryGetUri", "sendEventPostUri", "terminatePostUri", "purgeHistoryDeleteUri", "restartPostUri",
        "suspendPostUri", "resumePostUri",
    ];

    private static readonly string[] Greetings = ["Hello Tokyo!", "Hello Seattle!", "Hello London!"];

    private readonly HttpClient _http = factory.CreateClient();

    [Fact]
    public async Task Start_HelloSequence_Returns202WithCheckStatusPayloadAndHeaders()
    {
        using var response = await _http.StartAsync("HelloSequence");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var payload = await response.ReadJsonAsync();
        Assert.Equal(PayloadKeys, payload.EnumerateObject().Select(p => p.Name));
        var id = payload.GetProperty("id").GetString()!;
        Assert.Matches(HexId(), id);
        var statusUri = $"http://localhost{DurableApi.BasePath}/instances/{id}";
        Assert.Equal(statusUri, payload.GetProperty("statusQueryGetUri").GetString());
        Assert.Equal($"{statusUri}/raiseEvent/{{eventName}}", payload.GetProperty("sendEventPostUri").GetString());
        Assert.Equal($"{statusUri}/terminate?reason={{text}}", payload.GetProperty("terminatePostUri").GetString());
        Assert.Equal(statusUri, payload.GetProperty("purgeHistoryDeleteUri").GetString());
        Assert.Equal($"{statusUri}/restart", payload.GetProperty("restartPostUri").GetString());
        Assert.Equal($"{statusUri}/suspend?reason={{text}}", payload.GetProperty("suspendPostUri").GetString());
        Assert.Equal($"{statusUri}/resume?reason={{text}}", payload.GetProperty("resumePostUri").GetString());
        Assert.Equal(new Uri(statusUri), response.Headers.Location);
        Assert.Equal(TimeSpan.FromSeconds(10), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Start_HelloSequence_StatusPollsTo200WithGreetings()
    {
        var id = await _http.StartInstanceAsync("HelloSequence");

        var status = await _http.WaitForFinishedAsync(id);

        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        Assert.Equal(Greetings, status.GetProperty("output").EnumerateArray().Select(e => e.GetString()));
        using var final = await _http.GetStatusAsync(id);
        Assert.Equal(HttpStatusCode.OK, final.StatusCode);
    }

    [Fact]
    public async Task Start_WithTimeout_Returns200WithRawOutput()
    {
        using var response = await _http.StartAsync("HelloSequence", query: "?timeout=30&pollingInterval=0.1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var output = await response.ReadJsonAsync();
        Assert.Equal(Greetings, output.EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Start_WithTimeoutAndHugePollingInterval_AnsweredWhenTheInstanceFinishes() =>
        await AssertWaitIsAnsweredWhenTheInstanceFinishesAsync(_http);

    /// <summary>
    /// A start with <c>timeout=60&amp;pollingInterval=600</c> of an instance that finishes only when the test raises its
    /// event (after it is seen Running) answers 200 with the output well before the timeout (within 30 s, on a busy
    /// machine): a wait that polled every <c>pollingInterval</c> reads Running once and looks again only when the 60 s
    /// have passed.
    /// </summary>
    internal static async Task AssertWaitIsAnsweredWhenTheInstanceFinishesAsync(HttpClient http)
    {
        var id = $"wait-{Guid.NewGuid():N}";
        var start = http.StartAsync("Approval", id, json: """{"timeoutSeconds": 600}""", query: "?timeout=60&pollingInterval=600");
        await http.WaitForStatusAsync(id, s => s.GetProperty("runtimeStatus").GetString() == "Running");
        using (var raised = await http.RaiseEventAsync(id, "Approval", "true"))
        {
            Assert.Equal(HttpStatusCode.Accepted, raised.StatusCode);
        }

        using var response = await start.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Approved", (await response.ReadJsonAsync()).GetString());
    }

    [Fact]
    public async Task Start_FanOutFanInWithInput_ReturnsSumOfSquares()
    {
        using var response = await _http.StartAsync("FanOutFanIn", json: "10", query: "?timeout=30&pollingInterval=0.1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(385, (await response.ReadJsonAsync()).GetInt64());
    }

    [Fact]
    public async Task Start_WithInstanceIdContainingSpaces_UsesThatId()
    {
        var id = $"gateway test {Guid.NewGuid():N}";

        using var response = await _http.StartAsync("HelloSequence", id);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var payload = await response.ReadJsonAsync();
        Assert.Equal(id, payload.GetProperty("id").GetString());
        Assert.EndsWith($"/instances/{Uri.EscapeDataString(id)}", payload.GetProperty("statusQueryGetUri").GetString(), StringComparison.Ordinal);
        var status = await _http.WaitForFinishedAsync(id);
        Assert.Equal(id, status.GetProperty("instanceId").GetString());
    }

    [Fact]
    public async Task Start_SameIdWhileRunning_Returns409()
    {
        var id = $"dup-{Guid.NewGuid():N}";
        const string input = """{"timeoutSeconds": 600}""";
        await _http.StartInstanceAsync("Approval", id, input);

        using var second = await _http.StartAsync("Approval", id, input);

        await second.AssertProblemAsync(HttpStatusCode.Conflict);
        using var finish = await _http.RaiseEventAsync(id, "Approval", "true");
        Assert.Equal(HttpStatusCode.Accepted, finish.StatusCode);
    }

    [Fact]
    public async Task Start_WithScheduledStartTime_IsPendingUntilThen_ThenCompletes()
    {
        var id = $"later-{Guid.NewGuid():N}";
        var at = DateTimeOffset.UtcNow.AddSeconds(2);

        using var response = await _http.StartAsync("HelloSequence", id, query: $"?scheduledStartTime={Uri.EscapeDataString(at.ToString("O"))}");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using (var pending = await _http.GetStatusAsync(id))
        {
            Assert.Equal("Pending", (await pending.ReadJsonAsync()).GetProperty("runtimeStatus").GetString());
        }

        var status = await _http.WaitForFinishedAsync(id);
        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        Assert.True(DateTimeOffset.UtcNow >= at, "finished before its scheduled start time");
    }

    [Fact]
    public async Task Start_WithAScheduledStartTimeThatIsNoTime_Returns400AndStartsNothing()
    {
        var id = $"bad-time-{Guid.NewGuid():N}";

        using var response = await _http.StartAsync("HelloSequence", id, query: "?scheduledStartTime=tomorrow-ish");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var status = await _http.GetStatusAsync(id);
        Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);
    }

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex HexId();
}
