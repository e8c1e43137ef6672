using System.Net;
using System.Text.Json;

namespace OrleansWorkflows.GatewayTests.Management;

/// <summary>GET instances: filters, the status objects, and bad query values as 400 problems.</summary>
public sealed class InstanceListTests(GatewayFactory factory) : IClassFixture<GatewayFactory>
{
    private const string LongWait = """{"timeoutSeconds": 600}""";
    private readonly HttpClient _http = factory.CreateClient();

    [Theory]
    [InlineData("/instances")]
    [InlineData("/instances/")]
    public async Task List_ByPrefix_ReturnsStatusObjectsOfThatPrefixOnly(string path)
    {
        var prefix = $"list-{Guid.NewGuid():N}-";
        var id = await _http.StartInstanceAsync("HelloSequence", prefix + "a");
        await _http.WaitForFinishedAsync(id);

        using var response = await _http.ListAsync($"?instanceIdPrefix={prefix}&taskHub=hub&code=secret", path: path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.ContinuationToken());
        var item = Assert.Single((await response.ReadJsonAsync()).EnumerateArray());
        Assert.Equal(id, item.GetProperty("instanceId").GetString());
        Assert.Equal("HelloSequence", item.GetProperty("name").GetString());
        Assert.Equal("Completed", item.GetProperty("runtimeStatus").GetString());
        Assert.Equal(3, item.GetProperty("output").GetArrayLength());
        Assert.True(item.TryGetProperty("input", out _));
        Assert.True(item.TryGetProperty("customStatus", out _));
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$", item.GetProperty("createdTime").GetString());
    }

    [Fact]
    public async Task List_ByRuntimeStatus_CommaSeparatedAndRepeated()
    {
        var prefix = $"status-{Guid.NewGuid():N}-";
        var running = await _http.StartInstanceAsync("Approval", prefix + "running", LongWait);
        var done = await _http.StartInstanceAsync("HelloSequence", prefix + "done");
        await _http.WaitForFinishedAsync(done);
        await _http.WaitForStatusAsync(running, s => s.GetProperty("runtimeStatus").GetString() == "Running");

        Assert.Equal([running], await IdsAsync($"?instanceIdPrefix={prefix}&runtimeStatus=running"));
        Assert.Equal([done], await IdsAsync($"?instanceIdPrefix={prefix}&runtimeStatus=Completed"));
        Assert.Equal([done, running], await IdsAsync($"?instanceIdPrefix={prefix}&runtimeStatus=Running,Completed"));
        Assert.Equal([done, running], await IdsAsync($"?instanceIdPrefix={prefix}&runtimeStatus=Running&runtimeStatus=Completed"));
        Assert.Empty(await IdsAsync($"?instanceIdPrefix={prefix}&runtimeStatus=Failed"));
        using var terminate = await _http.ControlAsync(running, "terminate");
    }

    [Fact]
    public async Task List_ByCreatedTime_AndShowInputFalse()
    {
        var prefix = $"time-{Guid.NewGuid():N}-";
        var id = await _http.StartInstanceAsync("FanOutFanIn", prefix + "x", "2");
        var status = await _http.WaitForFinishedAsync(id);
        var created = DateTime.Parse(status.GetProperty("createdTime").GetString()!, null, System.Globalization.DateTimeStyles.AdjustToUniversal);

        Assert.Equal([id], await IdsAsync($"?instanceIdPrefix={prefix}&createdTimeFrom={created.AddSeconds(-1):O}&createdTimeTo={created.AddMinutes(1):O}"));
        Assert.Empty(await IdsAsync($"?instanceIdPrefix={prefix}&createdTimeFrom={created.AddMinutes(5):yyyy-MM-ddTHH:mm:ssZ}"));
        Assert.Empty(await IdsAsync($"?instanceIdPrefix={prefix}&createdTimeTo={created.AddMinutes(-5):yyyy-MM-ddTHH:mm:ssZ}"));

        using var response = await _http.ListAsync($"?instanceIdPrefix={prefix}&showInput=false");
        var item = Assert.Single((await response.ReadJsonAsync()).EnumerateArray());
        Assert.Equal(JsonValueKind.Null, item.GetProperty("input").ValueKind);
        Assert.Equal(5, item.GetProperty("output").GetInt32());
    }

    [Theory]
    [InlineData("?createdTimeFrom=yesterday")]
    [InlineData("?createdTimeTo=2024-13-45")]
    [InlineData("?runtimeStatus=Sleeping")]
    [InlineData("?runtimeStatus=Running,7")]
    [InlineData("?top=0")]
    [InlineData("?top=-5")]
    [InlineData("?top=many")]
    [InlineData("?showInput=maybe")]
    public async Task List_MalformedQuery_Returns400Problem(string query)
    {
        using var response = await _http.ListAsync(query);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task List_GarbageContinuationToken_Returns400Problem()
    {
        using var response = await _http.ListAsync(continuationToken: "not-a-token!");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    private async Task<List<string>> IdsAsync(string query)
    {
        using var response = await _http.ListAsync(query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await response.ReadJsonAsync()).EnumerateArray().Select(i => i.GetProperty("instanceId").GetString()!).Order(StringComparer.Ordinal)];
    }
}
