using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OrleansWorkflows.Runtime;

namespace OrleansWorkflows.GatewayTests.Hardening;

/// <summary>
/// Odd Unicode in ids and payloads is refused with 400 before anything is stored: whitespace-only instance ids on every
/// route that takes one, JSON whose strings escape a lone surrogate (which the engine could not write back), and event
/// names reserved by the engine.
/// </summary>
public sealed class OddInputTests(GatewayFactory factory) : IClassFixture<GatewayFactory>
{
    private readonly HttpClient _http = factory.CreateClient();

    public static TheoryData<string, string, string> WhitespaceIdRoutes()
    {
        var data = new TheoryData<string, string, string>();
        string[] routes =
        [
            "GET instances/{id}", "POST instances/{id}/raiseEvent/Approval", "POST orchestrators/HelloSequence/{id}",
            "POST /api/orchestrators/HelloSequence/{id}", "POST instances/{id}/terminate", "POST instances/{id}/suspend",
            "POST instances/{id}/resume", "POST instances/{id}/rewind", "POST instances/{id}/restart", "DELETE instances/{id}",
            "GET instances/{id}/history",
        ];
        foreach (var route in routes)
        {
            foreach (var id in new[] { " ", "\u00A0", "\u3000", " \u2003\t" })
            {
                var space = route.IndexOf(' ', StringComparison.Ordinal);
                data.Add(route[..space], route[(space + 1)..], id);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(WhitespaceIdRoutes))]
    public async Task WhitespaceOnlyInstanceId_Returns400_OnEveryRoute(string method, string route, string id)
    {
        var path = route.Replace("{id}", Uri.EscapeDataString(id), StringComparison.Ordinal);
        using var request = new HttpRequestMessage(new HttpMethod(method), path.StartsWith('/') ? path : $"{DurableApi.BasePath}/{path}");
        if (method == "POST")
        {
            request.Content = new StringContent("true", System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await _http.SendAsync(request);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("\"\\ud800\"")]
    [InlineData("{\"a\":[\"x\\udc00y\"]}")]
    [InlineData("{\"\\ud83d\":1}")]
    public async Task Start_InputWithEscapedLoneSurrogate_Returns400_AndCreatesNothing(string json)
    {
        var id = $"surrogate-{Guid.NewGuid():N}";

        using var start = await _http.StartAsync("HelloSequence", id, json);

        await start.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("surrogate", (await start.ReadJsonAsync()).GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        using var status = await _http.GetStatusAsync(id);
        await status.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Start_InputWithEscapedSurrogatePair_IsAccepted_AndReadsBack()
    {
        var id = await _http.StartInstanceAsync("HelloSequence", json: "\"\\ud83d\\ude00\"");

        var status = await _http.WaitForFinishedAsync(id);

        Assert.Equal("\U0001F600", status.GetProperty("input").GetString());
    }

    [Fact]
    public async Task RaiseEvent_PayloadWithEscapedLoneSurrogate_Returns400()
    {
        var id = await _http.StartInstanceAsync("Approval", json: "{\"timeoutSeconds\": 600}");

        using var raised = await _http.RaiseEventAsync(id, "Approval", "\"\\udfff\"");

        await raised.AssertProblemAsync(HttpStatusCode.BadRequest);
        using var terminate = await _http.ControlAsync(id, "terminate");
    }

    [Fact]
    public async Task SignalEntity_InputWithEscapedLoneSurrogate_Returns400()
    {
        using var signal = await _http.SignalEntityAsync("Counter", $"surrogate-{Guid.NewGuid():N}", "Add", "\"\\ud800\"");

        await signal.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("$ow-wake")]
    [InlineData("$OW-WAKE")]
    [InlineData("$ow-anything")]
    public async Task RaiseEvent_ReservedEngineName_Returns400(string eventName)
    {
        var id = await _http.StartInstanceAsync("Approval", json: "{\"timeoutSeconds\": 600}");

        using var raised = await _http.RaiseEventAsync(id, eventName, "true");

        await raised.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("reserved", (await raised.ReadJsonAsync()).GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        using var terminate = await _http.ControlAsync(id, "terminate");
    }

    [Fact]
    public async Task Facade_RaiseEvent_ReservedEngineName_ThrowsInvalidInput_AndTheInstanceKeepsWaiting()
    {
        var client = factory.Services.GetRequiredService<WorkflowClient>();
        var id = await client.StartAsync("Approval", new { timeoutSeconds = 600 });

        var refused = await Assert.ThrowsAsync<WorkflowClientException>(() => client.RaiseEventAsync(id, "$ow-wake", true));

        Assert.Equal(OperationOutcome.InvalidInput, refused.Outcome);
        Assert.Contains("reserved", refused.Message, StringComparison.OrdinalIgnoreCase);
        await client.RaiseEventAsync(id, "Approval", true);
        Assert.Equal("\"Approved\"", (await client.WaitForCompletionAsync(id)).SerializedOutput);
    }
}
