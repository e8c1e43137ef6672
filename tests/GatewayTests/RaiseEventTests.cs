using System.Net;

namespace OrleansWorkflows.GatewayTests;

/// <summary>POST instances/{id}/raiseEvent/{eventName} with the Approval sample.</summary>
public sealed class RaiseEventTests(GatewayFactory factory) : IClassFixture<GatewayFactory>
{
    private const string LongWait = """{"timeoutSeconds": 600}""";
    private readonly HttpClient _http = factory.CreateClient();

    [Theory]
    [InlineData("true", "Approved")]
    [InlineData("false", "Rejected")]
    public async Task RaiseEvent_ApprovalDecision_Returns202AndDecidesTheOutput(string decision, string expected)
    {
        var id = await _http.StartInstanceAsync("Approval", json: LongWait);

        using var response = await _http.RaiseEventAsync(id, "Approval", decision);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var status = await _http.WaitForFinishedAsync(id);
        Assert.Equal(expected, status.GetProperty("output").GetString());
    }

    [Fact]
    public async Task Approval_NoDecision_TimesOut()
    {
        var id = await _http.StartInstanceAsync("Approval", json: """{"timeoutSeconds": 1}""");

        var status = await _http.WaitForFinishedAsync(id);

        Assert.Equal("TimedOut", status.GetProperty("output").GetString());
    }

    [Fact]
    public async Task RaiseEvent_UnknownInstance_Returns404()
    {
        using var response = await _http.RaiseEventAsync($"missing-{Guid.NewGuid():N}", "Approval", "true");

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task RaiseEvent_FinishedInstance_Returns410()
    {
        var id = await _http.StartInstanceAsync("HelloSequence");
        await _http.WaitForFinishedAsync(id);

        using var response = await _http.RaiseEventAsync(id, "Approval", "true");

        await response.AssertProblemAsync(HttpStatusCode.Gone);
    }

    [Fact]
    public async Task RaiseEvent_EventNameWithSpaces_IsAccepted()
    {
        var id = await _http.StartInstanceAsync("Approval", json: LongWait);

        using var other = await _http.RaiseEventAsync(id, "some other event", "{}");
        using var approve = await _http.RaiseEventAsync(id, "Approval", "true");

        Assert.Equal(HttpStatusCode.Accepted, other.StatusCode);
        var status = await _http.WaitForFinishedAsync(id);
        Assert.Equal("Approved", status.GetProperty("output").GetString());
    }
}
