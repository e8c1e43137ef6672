using System.Net;

namespace OrleansWorkflows.GatewayTests.Versions;

/// <summary>Side-by-side versions over HTTP: <c>?version=</c> on the start and restart routes (a restart without it runs
/// the instance's own version), the version in status objects, and the <c>version</c> filter of the instance list.</summary>
public sealed class VersionApiTests(VersionedGatewayFactory factory) : IClassFixture<VersionedGatewayFactory>
{
    private readonly HttpClient _http = factory.CreateClient();

    [Fact]
    public async Task Start_WithVersionQuery_RunsThatVersion_WithoutIt_TheLatest_AndStatusShowsTheVersion()
    {
        using (var started = await _http.StartAsync("Greeting", "http-v1", "\"Tokyo\"", "?version=1"))
        {
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        }

        var first = await _http.WaitForFinishedAsync("http-v1");
        var latest = await _http.WaitForFinishedAsync(await _http.StartInstanceAsync("Greeting", "http-latest", "\"Oslo\""));

        Assert.Equal(("v1: hello Tokyo", "1"), (first.GetProperty("output").GetString(), first.GetProperty("version").GetString()));
        Assert.Equal(("v2: hello Oslo", "2"), (latest.GetProperty("output").GetString(), latest.GetProperty("version").GetString()));
    }

    [Fact]
    public async Task Start_WithAnUnregisteredVersion_Is400NamingIt_AndStartsNothing()
    {
        using var refused = await _http.StartAsync("Greeting", "http-v9", "\"x\"", "?version=9");

        await refused.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("Version '9' of orchestration 'Greeting' is not registered", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var status = await _http.GetStatusAsync("http-v9");
        Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);
    }

    [Fact]
    public async Task Restart_RunsTheInstancesVersion_WithVersionQuery_ThatVersion_AndAnUnregisteredOneIs400()
    {
        using (var started = await _http.StartAsync("Greeting", "http-restart-v1", "\"Rome\"", "?version=1"))
        {
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        }

        await _http.WaitForFinishedAsync("http-restart-v1");

        var kept = await _http.WaitForFinishedAsync(await RestartAsync("http-restart-v1", ""));
        var asked = await _http.WaitForFinishedAsync(await RestartAsync("http-restart-v1", "?version=2"));
        using var refused = await _http.ControlAsync("http-restart-v1", "restart", "?restartWithNewInstanceId=false&version=9");

        Assert.Equal(("v1: hello Rome", "1"), (kept.GetProperty("output").GetString(), kept.GetProperty("version").GetString()));
        Assert.Equal(("v2: hello Rome", "2"), (asked.GetProperty("output").GetString(), asked.GetProperty("version").GetString()));
        await refused.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("Version '9' of orchestration 'Greeting' is not registered", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var unchanged = await _http.WaitForFinishedAsync("http-restart-v1");
        Assert.Equal(("v1: hello Rome", "1"), (unchanged.GetProperty("output").GetString(), unchanged.GetProperty("version").GetString()));
    }

    [Fact]
    public async Task UnversionedInstance_StatusHasNoVersionProperty()
    {
        var status = await _http.WaitForFinishedAsync(await _http.StartInstanceAsync("HelloSequence", "http-unversioned"));

        Assert.False(status.TryGetProperty("version", out _));
    }

    [Fact]
    public async Task List_WithVersionFilter_ReturnsOnlyThatVersion()
    {
        foreach (var (id, version) in new[] { ("list-v-1a", "1"), ("list-v-2a", "2"), ("list-v-1b", "1") })
        {
            using var started = await _http.StartAsync("Greeting", id, "\"x\"", $"?version={version}");
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
            await _http.WaitForFinishedAsync(id);
        }

        using var response = await _http.ListAsync("?instanceIdPrefix=list-v-&version=1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var listed = (await response.ReadJsonAsync()).EnumerateArray()
            .Select(i => (i.GetProperty("instanceId").GetString(), i.GetProperty("version").GetString()))
            .OrderBy(i => i.Item1, StringComparer.Ordinal);
        Assert.Equal([("list-v-1a", "1"), ("list-v-1b", "1")], listed);
    }

    [Fact]
    public async Task Dashboard_InstancesFilteredByVersion_RowsCarryTheVersion()
    {
        foreach (var (id, version) in new[] { ("dash-v-1a", "1"), ("dash-v-2a", "2"), ("dash-v-1b", "1") })
        {
            using var started = await _http.StartAsync("Greeting", id, "\"x\"", $"?version={version}");
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
            await _http.WaitForFinishedAsync(id);
        }

        using var response = await _http.GetAsync(new Uri("/dashboard/api/instances?prefix=dash-v-&version=2&top=50", UriKind.Relative));
        using var all = await _http.GetAsync(new Uri("/dashboard/api/instances?prefix=dash-v-&top=50", UriKind.Relative));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (response.StatusCode, all.StatusCode));
        Assert.Equal(
            [("dash-v-2a", "2")],
            (await response.ReadJsonAsync()).EnumerateArray().Select(r => (r.GetProperty("instanceId").GetString(), r.GetProperty("version").GetString())));
        Assert.Equal(
            [("dash-v-1a", "1"), ("dash-v-1b", "1"), ("dash-v-2a", "2")],
            (await all.ReadJsonAsync()).EnumerateArray()
                .Select(r => (r.GetProperty("instanceId").GetString(), r.GetProperty("version").GetString()))
                .OrderBy(r => r.Item1, StringComparer.Ordinal));
    }

    private async Task<string> RestartAsync(string id, string query)
    {
        using var response = await _http.ControlAsync(id, "restart", query);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("id").GetString()!;
    }
}
