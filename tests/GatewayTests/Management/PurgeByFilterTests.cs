using System.Globalization;
using System.Net;

namespace OrleansWorkflows.GatewayTests.Management;

/// <summary>DELETE instances?createdTimeFrom=..: 200 with the count, 400 without createdTimeFrom, 404 when nothing matched.</summary>
public sealed class PurgeByFilterTests(GatewayFactory factory) : IClassFixture<GatewayFactory>
{
    private readonly HttpClient _http = factory.CreateClient();

    [Fact]
    public async Task PurgeMany_FinishedInWindow_DeletesThemAndKeepsRunningOnes()
    {
        var prefix = $"purge-{Guid.NewGuid():N}-";
        var done = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            done.Add(await _http.StartInstanceAsync("HelloSequence", $"{prefix}{i}"));
        }

        var running = await _http.StartInstanceAsync("Approval", prefix + "running", """{"timeoutSeconds": 600}""");
        foreach (var id in done)
        {
            await _http.WaitForFinishedAsync(id);
        }

        var from = Created(await _http.WaitForFinishedAsync(done[0])).AddSeconds(-1);
        using var response = await _http.PurgeManyAsync($"?createdTimeFrom={from:yyyy-MM-ddTHH:mm:ssZ}&runtimeStatus=Completed,Running");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, (await response.ReadJsonAsync()).GetProperty("instancesDeleted").GetInt32());
        foreach (var id in done)
        {
            using var gone = await _http.GetStatusAsync(id);
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }

        using var kept = await _http.GetStatusAsync(running);
        Assert.Equal(HttpStatusCode.Accepted, kept.StatusCode);
        using var terminate = await _http.ControlAsync(running, "terminate");
    }

    [Fact]
    public async Task PurgeMany_NothingMatched_Returns404Problem()
    {
        using var response = await _http.PurgeManyAsync($"?createdTimeFrom={DateTime.UtcNow.AddYears(5):yyyy-MM-ddTHH:mm:ssZ}");

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("")]
    [InlineData("?createdTimeTo=2030-01-01T00:00:00Z")]
    [InlineData("?createdTimeFrom=soon")]
    [InlineData("?createdTimeFrom=2024-01-01T00:00:00Z&runtimeStatus=Bogus")]
    public async Task PurgeMany_MissingOrMalformedFilter_Returns400Problem(string query)
    {
        using var response = await _http.PurgeManyAsync(query);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    private static DateTime Created(System.Text.Json.JsonElement status) =>
        DateTime.Parse(status.GetProperty("createdTime").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
}
