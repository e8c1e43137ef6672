using System.Net;

namespace OrleansWorkflows.GatewayTests.Management;

/// <summary>DELETE instances/{id}: 200 with the count, 404 unknown, 412 while running.</summary>
public sealed class PurgeInstanceTests(GatewayFactory factory) : IClassFixture<GatewayFactory>
{
    private readonly HttpClient _http = factory.CreateClient();

    [Fact]
    public async Task Purge_Finished_Returns200WithOneDeleted_ThenTheInstanceIsGone()
    {
        var id = await _http.StartInstanceAsync("HelloSequence");
        await _http.WaitForFinishedAsync(id);

        using var response = await _http.PurgeAsync(id);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, (await response.ReadJsonAsync()).GetProperty("instancesDeleted").GetInt32());
        using var status = await _http.GetStatusAsync(id);
        Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);
        using var again = await _http.PurgeAsync(id);
        await again.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Purge_Running_Returns412Problem()
    {
        var id = await _http.StartInstanceAsync("Approval", json: """{"timeoutSeconds": 600}""");
        await _http.WaitForStatusAsync(id, s => s.GetProperty("runtimeStatus").GetString() == "Running");

        using var response = await _http.PurgeAsync(id);

        await response.AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        using var terminate = await _http.ControlAsync(id, "terminate");
    }

    [Fact]
    public async Task Purge_UnknownInstance_Returns404Problem()
    {
        using var response = await _http.PurgeAsync($"missing-{Guid.NewGuid():N}");

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
