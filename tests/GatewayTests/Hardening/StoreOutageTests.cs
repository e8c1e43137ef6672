using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OrleansWorkflows.Runtime;

namespace OrleansWorkflows.GatewayTests.Hardening;

/// <summary>
/// A store outage is transient: the store's own exception (a provider type callers may not deserialize) leaves every
/// engine grain — orchestration, entity, management and query, and activations that could not load — as
/// <see cref="StoreUnavailableException"/>; the client retries it within its deadline and the gateway then answers 503
/// with <c>Retry-After</c>, never 500. A short outage is absorbed by the retries; after it everything works again.
/// </summary>
public sealed class StoreOutageTests(StoreOutageGatewayFactory factory) : IClassFixture<StoreOutageGatewayFactory>
{
    private readonly HttpClient _http = factory.CreateClient();

    [Fact]
    public async Task StoreDown_EveryRoute_Answers503WithRetryAfter_ThenWorksWhenItIsBack()
    {
        var done = await _http.StartInstanceAsync("HelloSequence", $"outage-done-{Guid.NewGuid():N}");
        await _http.WaitForFinishedAsync(done);
        var waiting = await _http.StartInstanceAsync("Approval", $"outage-waiting-{Guid.NewGuid():N}", "{\"timeoutSeconds\": 600}");
        var counter = $"outage-{Guid.NewGuid():N}";
        using (var first = await _http.SignalEntityAsync("Counter", counter, "Add", "1"))
        {
            Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        }

        factory.Outage.IsDown = true;
        try
        {
            await AssertUnavailableAsync(await _http.StartAsync("HelloSequence", $"outage-new-{Guid.NewGuid():N}"), "start (activation)");
            await AssertUnavailableAsync(await _http.GetStatusAsync($"outage-unknown-{Guid.NewGuid():N}"), "status (activation)");
            await AssertUnavailableAsync(await _http.RaiseEventAsync(waiting, "Approval", "true"), "raise event");
            await AssertUnavailableAsync(await _http.SignalEntityAsync("Counter", counter, "Add", "1"), "entity signal");
            await AssertUnavailableAsync(await _http.SignalEntityAsync("Counter", $"outage-new-{Guid.NewGuid():N}", "Add", "1"), "new entity signal");
            await AssertUnavailableAsync(await _http.ListAsync(), "list");
            await AssertUnavailableAsync(await _http.HistoryAsync(done), "history");
            await AssertUnavailableAsync(await _http.PurgeAsync(done), "purge");
            await AssertUnavailableAsync(await _http.GetEntityAsync("Counter", $"outage-unknown-{Guid.NewGuid():N}"), "entity read (activation)");
            using var ready = await _http.GetAsync(new Uri("/readyz", UriKind.Relative));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        }
        finally
        {
            factory.Outage.IsDown = false;
        }

        using (var raised = await _http.RaiseEventAsync(waiting, "Approval", "true"))
        {
            Assert.Equal(HttpStatusCode.Accepted, raised.StatusCode);
        }

        Assert.Equal("Approved", (await _http.WaitForFinishedAsync(waiting)).GetProperty("output").GetString());
        var after = await _http.StartInstanceAsync("HelloSequence");
        Assert.Equal("Completed", (await _http.WaitForFinishedAsync(after)).GetProperty("runtimeStatus").GetString());
        using (var signal = await _http.SignalEntityAsync("Counter", counter, "Add", "1"))
        {
            Assert.Equal(HttpStatusCode.Accepted, signal.StatusCode);
        }

        await _http.WaitForEntityAsync("Counter", counter, "2");
        using var readyAfter = await _http.GetAsync(new Uri("/readyz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, readyAfter.StatusCode);
    }

    [Fact]
    public async Task StoreFailsBriefly_RequestsAreRetried_AndSucceed()
    {
        factory.Outage.FailNext(3);

        var id = await _http.StartInstanceAsync("HelloSequence", $"outage-brief-{Guid.NewGuid():N}");

        Assert.Equal("Completed", (await _http.WaitForFinishedAsync(id)).GetProperty("runtimeStatus").GetString());
    }

    [Fact]
    public async Task StoreDown_TheFacadeThrowsTheEnginesOwnTransientError_FromEveryKindOfGrain()
    {
        var client = factory.Services.GetRequiredService<WorkflowClient>().WithTransientRetryBudget(TimeSpan.FromMilliseconds(300));
        factory.Outage.IsDown = true;
        try
        {
            var errors = new List<Exception>
            {
                await Assert.ThrowsAnyAsync<Exception>(() => client.GetStatusAsync($"outage-facade-{Guid.NewGuid():N}")),
                await Assert.ThrowsAnyAsync<Exception>(() => client.StartAsync("HelloSequence")),
                await Assert.ThrowsAnyAsync<Exception>(() => client.SignalEntityAsync(new EntityId("Counter", $"outage-{Guid.NewGuid():N}"), "Add", 1)),
                await Assert.ThrowsAnyAsync<Exception>(() => client.QueryInstancesAsync(new OrchestrationQuery())),
            };

            Assert.All(errors, e => Assert.True(WorkflowClient.IsTransient(e), $"not transient: {e.GetType().Name}: {e.Message}"));
            Assert.All(errors, e => Assert.IsNotType<SimulatedDatabaseException>(e, exactMatch: false));
        }
        finally
        {
            factory.Outage.IsDown = false;
        }
    }

    private static async Task AssertUnavailableAsync(HttpResponseMessage response, string what)
    {
        using (response)
        {
            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            Assert.NotNull(response.Headers.RetryAfter?.Delta);

            // The detail names the last error: the store's, or a timeout when a slow attempt ran out the deadline.
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }
}
