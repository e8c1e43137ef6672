using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OrleansWorkflows.Runtime;

namespace OrleansWorkflows.GatewayTests.Hardening;

/// <summary>
/// Data an earlier version stored without today's checks (an input whose JSON escapes a lone surrogate) still reads:
/// status, list and history answer 200 with the payload as a string, never 500.
/// </summary>
public sealed class StoredOddDataTests(GatewayFactory factory) : IClassFixture<GatewayFactory>
{
    private readonly HttpClient _http = factory.CreateClient();

    [Fact]
    public async Task StoredInputWithEscapedLoneSurrogate_StatusListAndHistory_Answer200()
    {
        var id = $"stored-surrogate-{Guid.NewGuid():N}";
        var grains = factory.Services.GetRequiredService<IGrainFactory>();

        // Straight to the grain, as a client of an earlier version could: the facade refuses this input today.
        var started = await grains.GetGrain<IOrchestrationGrain>(id).StartAsync(
            new StartRequest { Name = "HelloSequence", Input = "\"\\ud800\"", RequestId = InstanceIds.New() });
        Assert.Equal(OperationOutcome.Accepted, started.Outcome);

        var status = await _http.WaitForFinishedAsync(id, "?showHistory=true&showHistoryOutput=true");
        Assert.Equal("\"\\ud800\"", status.GetProperty("input").GetString());
        using var list = await _http.ListAsync($"?instanceIdPrefix={id}");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Contains(id, await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var history = await _http.HistoryAsync(id);
        Assert.Equal(HttpStatusCode.OK, history.StatusCode);
    }
}
