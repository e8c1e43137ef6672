using System.Net;
using System.Net.Http.Headers;

namespace OrleansWorkflows.GatewayTests;

/// <summary>
/// Hostile and edge input: 10 MB bodies get 413 and create nothing; ids with reserved characters (percent-encoded in
/// the URL) get 400 with a message naming the rule; allowed punctuation works; an empty body is a null input.
/// </summary>
public sealed class InputLimitsTests(GatewayFactory factory) : IClassFixture<GatewayFactory>
{
    private static readonly string TenMegabytes = $"\"{new string('x', 10 * 1024 * 1024)}\"";
    private readonly HttpClient _http = factory.CreateClient();

    [Fact]
    public async Task Start_TenMegabyteBody_Returns413_AndCreatesNothing()
    {
        var id = $"huge-{Guid.NewGuid():N}";

        using var response = await _http.StartAsync("HelloSequence", id, TenMegabytes);

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        using var status = await _http.GetStatusAsync(id);
        Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);
    }

    [Fact]
    public async Task RaiseEvent_TenMegabyteBody_Returns413_AndDeliversNothing()
    {
        var id = await _http.StartInstanceAsync("Approval", json: "{\"timeoutSeconds\":300}");

        using var response = await _http.RaiseEventAsync(id, "Approval", TenMegabytes);

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        var status = await _http.WaitForStatusAsync(id, s => s.GetProperty("runtimeStatus").GetString() == "Running", "?showHistory=true");
        Assert.DoesNotContain(status.GetProperty("historyEvents").EnumerateArray(), e => e.GetProperty("EventType").GetString() == "EventRaised");
    }

    [Theory]
    [InlineData("a%23b", "'#'")]
    [InlineData("a%3Fb", "'?'")]
    [InlineData("a%2Fb", "'/'")]
    [InlineData("a%5Cb", "'\\'")]
    [InlineData("%40entity", "'@'")]
    public async Task Start_IdWithReservedCharacter_Returns400NamingTheRule(string encodedId, string named)
    {
        using var response = await _http.PostAsync(new Uri($"{DurableApi.BasePath}/orchestrators/HelloSequence/{encodedId}", UriKind.Relative), null);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(named, (await response.ReadJsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a.b-c_d:e")]
    [InlineData("order (42) & co, ~!*'=$+")]
    public async Task Start_IdWithAllowedPunctuation_StartsAndPolls(string prefix)
    {
        var id = $"{prefix}{Guid.NewGuid():N}";

        using var response = await _http.StartAsync("HelloSequence", id);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(id, (await response.ReadJsonAsync()).GetProperty("id").GetString());
        using var followed = await _http.GetAsync(response.Headers.Location);
        Assert.Equal(id, (await followed.ReadJsonAsync()).GetProperty("instanceId").GetString());
        Assert.Equal(id, (await _http.WaitForFinishedAsync(id)).GetProperty("instanceId").GetString());
    }

    [Fact]
    public async Task Start_EmptyBody_StartsWithNullInput()
    {
        using var content = new ByteArrayContent([]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await _http.PostAsync(new Uri($"{DurableApi.BasePath}/orchestrators/HelloSequence", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var status = await _http.WaitForFinishedAsync((await response.ReadJsonAsync()).GetProperty("id").GetString()!);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, status.GetProperty("input").ValueKind);
    }
}
