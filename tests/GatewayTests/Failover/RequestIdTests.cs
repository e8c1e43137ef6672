using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;

namespace OrleansWorkflows.GatewayTests.Failover;

/// <summary>
/// Every request carries one request id to the engine (the caller's <c>x-ms-request-id</c>, or a new one, echoed back):
/// a client repeating a request with the same id — as after a lost answer — starts, raises, signals, terminates, suspends,
/// resumes, rewinds and purges once, and is answered as the first time.
/// </summary>
public sealed class RequestIdTests(GatewayFactory factory) : IClassFixture<GatewayFactory>
{
    private readonly HttpClient _http = factory.CreateClient();

    [Fact]
    public async Task Response_EchoesTheCallersRequestId_OrANewOne()
    {
        using var mine = await SendAsync(HttpMethod.Get, $"{DurableApi.BasePath}/instances?top=1", null, "my-request-1");
        using var theirs = await _http.GetAsync(new Uri($"{DurableApi.BasePath}/instances?top=1", UriKind.Relative));

        Assert.Equal("my-request-1", mine.Headers.GetValues("x-ms-request-id").Single());
        Assert.Equal(32, theirs.Headers.GetValues("x-ms-request-id").Single().Length);
    }

    [Fact]
    public async Task StartRepeatedWithSameRequestId_Accepted_BothTimes_OtherRequestIdConflicts()
    {
        var id = $"rid-{Guid.NewGuid():N}";
        var path = $"{DurableApi.BasePath}/orchestrators/Approval/{id}";

        using var first = await SendAsync(HttpMethod.Post, path, null, "start-1");
        using var repeated = await SendAsync(HttpMethod.Post, path, null, "start-1");
        using var other = await SendAsync(HttpMethod.Post, path, null, "start-2");

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, repeated.StatusCode);
        Assert.Equal(id, (await repeated.ReadJsonAsync()).GetProperty("id").GetString());
        await other.AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task SignalRepeatedWithSameRequestId_AppliesOnce()
    {
        var path = $"{DurableApi.BasePath}/entities/Counter/rid-{Guid.NewGuid():N}";

        foreach (var (amount, requestId) in new[] { ("5", "signal-a"), ("5", "signal-a"), ("1", "signal-b") })
        {
            using var response = await SendAsync(HttpMethod.Post, $"{path}?op=Add", amount, requestId);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        await DurableApi.EventuallyAsync(
            async () =>
            {
                using var state = await _http.GetAsync(new Uri(path, UriKind.Relative));
                return state.StatusCode == HttpStatusCode.OK && await state.Content.ReadAsStringAsync() == "6";
            },
            "the counter is 6");
    }

    [Fact]
    public async Task RaiseEventRepeatedWithSameRequestId_AppliesOnce()
    {
        var id = await _http.StartInstanceAsync("Approval", json: "{\"timeoutSeconds\":300}");
        var path = $"{DurableApi.BasePath}/instances/{id}/raiseEvent/Approval";

        using var first = await SendAsync(HttpMethod.Post, path, "true", "event-a");
        await _http.WaitForFinishedAsync(id);
        using var repeated = await SendAsync(HttpMethod.Post, path, "true", "event-a");
        using var other = await SendAsync(HttpMethod.Post, path, "true", "event-b");

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, repeated.StatusCode);
        await other.AssertProblemAsync(HttpStatusCode.Gone);
    }

    [Fact]
    public async Task TerminateRepeatedWithSameRequestId_Accepted_BothTimes_OtherRequestIdGone()
    {
        var id = await _http.StartInstanceAsync("Approval", json: "{\"timeoutSeconds\":600}");
        var path = $"{DurableApi.BasePath}/instances/{id}/terminate?reason=stop";

        using var first = await SendAsync(HttpMethod.Post, path, null, "terminate-a");
        await _http.WaitForFinishedAsync(id);
        using var repeated = await SendAsync(HttpMethod.Post, path, null, "terminate-a");
        using var other = await SendAsync(HttpMethod.Post, path, null, "terminate-b");

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, repeated.StatusCode);
        await other.AssertProblemAsync(HttpStatusCode.Gone);
        Assert.Equal(1, await CountHistoryEventsAsync(id, "ExecutionTerminated"));
    }

    [Fact]
    public async Task RewindRepeatedWithSameRequestId_Accepted_AppliedOnce()
    {
        var id = await _http.StartInstanceAsync("FanOutFanIn", json: "\"not a number\"");
        await _http.WaitForFinishedAsync(id);
        var path = $"{DurableApi.BasePath}/instances/{id}/rewind?reason=again";

        // The input is still bad: the rewound execution fails again, so a second rewind would be allowed.
        using var first = await SendAsync(HttpMethod.Post, path, null, "rewind-a");
        await _http.WaitForFinishedAsync(id);
        using var repeated = await SendAsync(HttpMethod.Post, path, null, "rewind-a");

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, repeated.StatusCode);
        Assert.Equal(1, await CountHistoryEventsAsync(id, "ExecutionRewound"));
    }

    [Fact]
    public async Task SuspendRepeatedAfterAResume_Accepted_DoesNotSuspendAgain()
    {
        var id = await _http.StartInstanceAsync("Approval", json: "{\"timeoutSeconds\":600}");
        var instance = $"{DurableApi.BasePath}/instances/{id}";

        foreach (var (operation, requestId) in new[] { ("suspend", "suspend-a"), ("resume", "resume-a"), ("suspend", "suspend-a") })
        {
            using var response = await SendAsync(HttpMethod.Post, $"{instance}/{operation}", null, requestId);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        using var status = await _http.GetStatusAsync(id);
        Assert.Equal("Running", (await status.ReadJsonAsync()).GetProperty("runtimeStatus").GetString());
        Assert.Equal(1, await CountHistoryEventsAsync(id, "ExecutionSuspended"));
    }

    [Fact]
    public async Task PurgeRepeatedWithSameRequestId_Ok_BothTimes_OtherRequestIdNotFound()
    {
        var id = await _http.StartInstanceAsync("HelloSequence");
        await _http.WaitForFinishedAsync(id);
        var path = $"{DurableApi.BasePath}/instances/{id}";

        using var first = await SendAsync(HttpMethod.Delete, path, null, "purge-a");
        using var repeated = await SendAsync(HttpMethod.Delete, path, null, "purge-a");
        using var other = await SendAsync(HttpMethod.Delete, path, null, "purge-b");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, repeated.StatusCode);
        Assert.Equal(1, (await repeated.ReadJsonAsync()).GetProperty("instancesDeleted").GetInt32());
        await other.AssertProblemAsync(HttpStatusCode.NotFound);

        // Idle activations collected (as after a quiet spell or a restart): the store still knows the purge's request id.
        await factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        using var later = await SendAsync(HttpMethod.Delete, path, null, "purge-a");
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
        Assert.Equal(1, (await later.ReadJsonAsync()).GetProperty("instancesDeleted").GetInt32());
    }

    private async Task<int> CountHistoryEventsAsync(string id, string eventType)
    {
        using var history = await _http.GetAsync(new Uri($"{DurableApi.BasePath}/instances/{id}/history?take=1000", UriKind.Relative));
        var events = (await history.ReadJsonAsync()).GetProperty("events").EnumerateArray();
        return events.Count(e => e.GetProperty("eventType").GetString() == eventType);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? json, string requestId)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.Add("x-ms-request-id", requestId);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        }

        return await _http.SendAsync(request);
    }
}
