using System.Net;

namespace OrleansWorkflows.GatewayTests.Management;

/// <summary>POST instances/{id}/terminate, suspend and resume: 202, 404 unknown, 410 finished.</summary>
public sealed class InstanceControlTests(GatewayFactory factory) : IClassFixture<GatewayFactory>
{
    private const string LongWait = """{"timeoutSeconds": 600}""";
    private readonly HttpClient _http = factory.CreateClient();

    [Fact]
    public async Task Terminate_Running_Returns202AndTheInstanceEndsTerminatedWithTheReason()
    {
        var id = await StartRunningApprovalAsync();

        using var response = await _http.ControlAsync(id, "terminate", "?reason=no longer needed");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var status = await _http.WaitForFinishedAsync(id);
        Assert.Equal("Terminated", status.GetProperty("runtimeStatus").GetString());
        Assert.Equal("no longer needed", status.GetProperty("output").GetString());
    }

    [Fact]
    public async Task SuspendThenResume_Returns202_StatusFollows_AndTheInstanceStillCompletes()
    {
        var id = await StartRunningApprovalAsync();

        using var suspend = await _http.ControlAsync(id, "suspend", "?reason=pause");
        Assert.Equal(HttpStatusCode.Accepted, suspend.StatusCode);
        await _http.WaitForStatusAsync(id, s => s.GetProperty("runtimeStatus").GetString() == "Suspended");

        using var resume = await _http.ControlAsync(id, "resume", "?reason=go");
        Assert.Equal(HttpStatusCode.Accepted, resume.StatusCode);
        await _http.WaitForStatusAsync(id, s => s.GetProperty("runtimeStatus").GetString() == "Running");

        using var approve = await _http.RaiseEventAsync(id, "Approval", "true");
        Assert.Equal("Approved", (await _http.WaitForFinishedAsync(id)).GetProperty("output").GetString());
    }

    [Theory]
    [InlineData("terminate")]
    [InlineData("suspend")]
    [InlineData("resume")]
    [InlineData("rewind")]
    [InlineData("restart")]
    public async Task Control_UnknownInstance_Returns404Problem(string operation)
    {
        using var response = await _http.ControlAsync($"missing-{Guid.NewGuid():N}", operation);

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("terminate")]
    [InlineData("suspend")]
    [InlineData("resume")]
    public async Task Control_FinishedInstance_Returns410Problem(string operation)
    {
        var id = await _http.StartInstanceAsync("HelloSequence");
        await _http.WaitForFinishedAsync(id);

        using var response = await _http.ControlAsync(id, operation, "?reason=late");

        await response.AssertProblemAsync(HttpStatusCode.Gone);
    }

    [Fact]
    public async Task Terminate_BadRecursiveFlag_Returns400Problem()
    {
        using var response = await _http.ControlAsync("any-id", "terminate", "?recursive=sometimes");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    private async Task<string> StartRunningApprovalAsync()
    {
        var id = await _http.StartInstanceAsync("Approval", json: LongWait);
        await _http.WaitForStatusAsync(id, s => s.GetProperty("runtimeStatus").GetString() == "Running");
        return id;
    }
}
