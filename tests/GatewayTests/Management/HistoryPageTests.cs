using System.Net;

namespace OrleansWorkflows.GatewayTests.Management;

/// <summary>GET instances/{id}/history?skip=&amp;take=: pages of the engine's history contract.</summary>
public sealed class HistoryPageTests(GatewayFactory factory) : IClassFixture<GatewayFactory>
{
    private readonly HttpClient _http = factory.CreateClient();

    [Fact]
    public async Task History_PagedByTwo_ReturnsEveryEventOnceInOrder()
    {
        var id = await _http.StartInstanceAsync("HelloSequence");
        await _http.WaitForFinishedAsync(id);
        using var whole = await _http.HistoryAsync(id, "?take=1000");
        var all = (await whole.ReadJsonAsync()).GetProperty("events").EnumerateArray().Select(e => e.GetRawText()).ToList();

        var paged = new List<string>();
        int? skip = 0;
        while (skip is { } from && paged.Count <= all.Count)
        {
            using var response = await _http.HistoryAsync(id, $"?skip={from}&take=2");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await response.ReadJsonAsync();
            var events = page.GetProperty("events").EnumerateArray().Select(e => e.GetRawText()).ToList();
            Assert.InRange(events.Count, 1, 2);
            paged.AddRange(events);
            skip = page.GetProperty("nextSkip").ValueKind == System.Text.Json.JsonValueKind.Null ? null : page.GetProperty("nextSkip").GetInt32();
        }

        Assert.Equal(all, paged);
        Assert.Contains(all, e => e.Contains("\"eventType\":\"ExecutionStarted\"", StringComparison.Ordinal));
        Assert.Contains("\"eventType\":\"ExecutionCompleted\"", all[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task HistoryExport_IsOneVersionedDocumentOfEveryEvent_AsAnAttachment()
    {
        var id = await _http.StartInstanceAsync("HelloSequence");
        await _http.WaitForFinishedAsync(id);
        using var whole = await _http.HistoryAsync(id, "?take=1000");
        var all = (await whole.ReadJsonAsync()).GetProperty("events").EnumerateArray().Select(e => e.GetRawText()).ToList();

        using var response = await _http.HistoryAsync(id, "/export");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"{id}.history.json", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var export = await response.ReadJsonAsync();
        Assert.Equal(1, export.GetProperty("v").GetInt32());
        Assert.Equal(id, export.GetProperty("instanceId").GetString());
        var exported = export.GetProperty("events").EnumerateArray().Select(e => e.GetRawText()).ToList();
        Assert.Equal(all.Count, exported.Count);
        Assert.All(all.Zip(exported), pair => Assert.True(
            System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(pair.First), System.Text.Json.Nodes.JsonNode.Parse(pair.Second)),
            $"{pair.First} != {pair.Second}"));
    }

    [Fact]
    public async Task HistoryExport_UnknownInstance_Returns404Problem()
    {
        using var response = await _http.HistoryAsync($"missing-{Guid.NewGuid():N}", "/export");

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task History_UnknownInstance_Returns404Problem()
    {
        using var response = await _http.HistoryAsync($"missing-{Guid.NewGuid():N}");

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("?take=0")]
    [InlineData("?take=5000")]
    [InlineData("?skip=-1")]
    [InlineData("?skip=x")]
    public async Task History_BadRange_Returns400Problem(string query)
    {
        using var response = await _http.HistoryAsync("any-id", query);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }
}
