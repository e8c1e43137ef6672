using System.Net;
using System.Text.Json;

namespace OrleansWorkflows.GatewayTests.Dashboard;

/// <summary>
/// The dashboard's JSON endpoints (dashboard/api/...) on the embedded gateway: registered names, the filtered and paged
/// instances list, counts per status, timelines built from real histories, entities and the cluster. Every query is
/// narrowed to this test's own id prefix (the fixture is shared).
/// </summary>
public sealed class DashboardApiTests(GatewayFactory factory) : IClassFixture<GatewayFactory>
{
    private readonly HttpClient _http = factory.CreateClient();

    [Fact]
    public async Task Catalog_ListsTheRegisteredOrchestrationsAndEntities()
    {
        var catalog = await GetJsonAsync("catalog");

        Assert.True(catalog.GetProperty("known").GetBoolean());
        var orchestrations = Names(catalog, "orchestrations");
        Assert.Contains("HelloSequence", orchestrations);
        Assert.Contains("Approval", orchestrations);
        Assert.Contains("counter", Names(catalog, "entities"), StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Instances_FilteredByNameStatusAndPrefix_PagedByTheContinuationHeader()
    {
        var prefix = $"dash-{Guid.NewGuid():N}-";
        var hellos = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            hellos.Add(await _http.StartInstanceAsync("HelloSequence", $"{prefix}hello-{i}"));
        }

        var waiting = await _http.StartInstanceAsync("Approval", $"{prefix}approval", """{"timeoutSeconds": 600}""");
        foreach (var id in hellos)
        {
            await _http.WaitForFinishedAsync(id);
        }

        var byName = await ListAllAsync("instances", $"prefix={prefix}&name=hellosequence&top=2");
        var running = await ListAllAsync("instances", $"prefix={prefix}&runtimeStatus=Running");
        var completed = await ListAllAsync("instances", $"prefix={prefix}&runtimeStatus=Completed,Failed");

        Assert.Equal(hellos, byName.Select(r => r.GetProperty("instanceId").GetString()).Order(StringComparer.Ordinal));
        Assert.All(byName, r => Assert.Equal("HelloSequence", r.GetProperty("name").GetString()));
        Assert.Equal([waiting], running.Select(r => r.GetProperty("instanceId").GetString()));
        Assert.Equal(hellos, completed.Select(r => r.GetProperty("instanceId").GetString()).Order(StringComparer.Ordinal));
        Assert.All(completed, r => Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$", r.GetProperty("createdTime").GetString()));
    }

    [Fact]
    public async Task Instances_CreatedRange_KeepsOnlyInstancesCreatedInIt()
    {
        var prefix = $"range-{Guid.NewGuid():N}-";
        var first = await _http.StartInstanceAsync("HelloSequence", $"{prefix}first");
        var firstRow = Assert.Single(await ListAllAsync("instances", $"prefix={prefix}"));
        var createdFirst = DateTime.Parse(firstRow.GetProperty("createdTime").GetString()!, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal);
        await DurableApi.EventuallyAsync(() => Task.FromResult(DateTime.UtcNow >= createdFirst.AddSeconds(1.1)), "a second later");
        var second = await _http.StartInstanceAsync("HelloSequence", $"{prefix}second");
        var from = Uri.EscapeDataString(createdFirst.AddSeconds(1).ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        var to = Uri.EscapeDataString(createdFirst.AddSeconds(1).AddTicks(-1).ToString("O", System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal([second], (await ListAllAsync("instances", $"prefix={prefix}&createdFrom={from}")).Select(r => r.GetProperty("instanceId").GetString()));
        Assert.Equal([first], (await ListAllAsync("instances", $"prefix={prefix}&createdTo={to}")).Select(r => r.GetProperty("instanceId").GetString()));
    }

    [Theory]
    [InlineData("instances?runtimeStatus=Sleeping")]
    [InlineData("instances?createdFrom=yesterday")]
    [InlineData("instances?top=0")]
    [InlineData("counts?createdTo=not-a-time")]
    [InlineData("entities?name=no%40at%40sign")]
    [InlineData("entities?top=101")]
    public async Task BadFilter_Is400Problem(string path)
    {
        using var response = await _http.GetAsync(new Uri($"/dashboard/api/{path}", UriKind.Relative));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Counts_PerStatusUnderTheFilters_IgnoringTheStatusFilter()
    {
        var prefix = $"count-{Guid.NewGuid():N}-";
        var done = await _http.StartInstanceAsync("HelloSequence", $"{prefix}done");
        await _http.StartInstanceAsync("Approval", $"{prefix}waiting-1", """{"timeoutSeconds": 600}""");
        await _http.StartInstanceAsync("Approval", $"{prefix}waiting-2", """{"timeoutSeconds": 600}""");
        await _http.WaitForFinishedAsync(done);

        var counts = await GetJsonAsync($"counts?prefix={prefix}&runtimeStatus=Completed");

        Assert.True(counts.GetProperty("complete").GetBoolean());
        Assert.Equal(3, counts.GetProperty("scanned").GetInt64());
        Assert.Equal(2, counts.GetProperty("counts").GetProperty("Running").GetInt64());
        Assert.Equal(1, counts.GetProperty("counts").GetProperty("Completed").GetInt64());
        Assert.Equal(0, counts.GetProperty("counts").GetProperty("Failed").GetInt64());
    }

    [Fact]
    public async Task Timeline_HelloSequence_ThreeActivityBarsInOrder_EachEndingBeforeTheNextStarts()
    {
        var id = await _http.StartInstanceAsync("HelloSequence", $"timeline-{Guid.NewGuid():N}");
        await _http.WaitForFinishedAsync(id);

        var timeline = await GetJsonAsync($"instances/{id}/timeline");

        var bars = timeline.GetProperty("bars").EnumerateArray().ToList();
        Assert.Equal(("orchestration", "completed"), (bars[0].GetProperty("kind").GetString(), bars[0].GetProperty("status").GetString()));
        var activities = bars.Where(b => b.GetProperty("kind").GetString() == "activity").ToList();
        Assert.Equal(3, activities.Count);
        Assert.All(activities, a => Assert.Equal(("SayHello", "completed"), (a.GetProperty("name").GetString(), a.GetProperty("status").GetString())));
        var spans = activities.Select(a => (Start: Time(a, "start"), End: Time(a, "end"))).ToList();
        Assert.All(spans, s => Assert.True(s.Start <= s.End));
        Assert.True(spans[0].End <= spans[1].Start && spans[1].End <= spans[2].Start, string.Join(", ", spans));
        Assert.True(Time(timeline, "start") <= spans[0].Start && spans[2].End <= Time(timeline, "end"));
    }

    [Fact]
    public async Task Timeline_Retry_ShowsTheFailedAttemptsTheirBackoffTimersAndTheAttemptThatSucceeded()
    {
        var id = await _http.StartInstanceAsync("Retry", $"retry-{Guid.NewGuid():N}");
        await _http.WaitForFinishedAsync(id);

        var bars = (await GetJsonAsync($"instances/{id}/timeline")).GetProperty("bars").EnumerateArray().ToList();

        var attempts = bars.Where(b => b.GetProperty("kind").GetString() == "activity").ToList();
        Assert.Equal([1, 2, 3], attempts.Select(a => a.GetProperty("attempt").GetInt32()));
        Assert.Equal(["failed", "failed", "completed"], attempts.Select(a => a.GetProperty("status").GetString()));
        Assert.Contains("fails on purpose", attempts[0].GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, bars.Count(b => b.GetProperty("kind").GetString() == "timer" && b.GetProperty("status").GetString() == "fired"));
    }

    [Fact]
    public async Task Timeline_UnknownInstance_Is404Problem()
    {
        using var response = await _http.GetAsync(new Uri($"/dashboard/api/instances/nobody-{Guid.NewGuid():N}/timeline", UriKind.Relative));

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Entities_ByName_StateLastOperationNoLockAndEmptyBacklog()
    {
        var key = $"dash-{Guid.NewGuid():N}";
        using var add = await _http.SignalEntityAsync("Counter", key, "Add", "7");
        await _http.WaitForEntityAsync("Counter", key, "7");

        var found = (await ListAllAsync("entities", "name=Counter&top=100")).Where(e => e.GetProperty("key").GetString() == key).ToList();

        var entity = Assert.Single(found);
        Assert.Equal(("counter", 7), (entity.GetProperty("name").GetString(), entity.GetProperty("state").GetInt32()));
        Assert.Equal(JsonValueKind.Null, entity.GetProperty("lockedBy").ValueKind);
        Assert.Equal(0, entity.GetProperty("backlog").GetInt32());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$", entity.GetProperty("lastOperationTime").GetString());
    }

    [Fact]
    public async Task Cluster_EmbeddedSilo_OneActiveSiloHostingTheWorkflowGrains()
    {
        var id = await _http.StartInstanceAsync("HelloSequence", $"cluster-{Guid.NewGuid():N}");
        await _http.WaitForFinishedAsync(id);

        var cluster = await GetJsonAsync("cluster");

        var silo = Assert.Single(cluster.GetProperty("silos").EnumerateArray());
        Assert.Equal("Active", silo.GetProperty("status").GetString());
        Assert.True(silo.GetProperty("activations").GetInt32() > 0);
        var types = cluster.GetProperty("grainTypes").EnumerateArray().Select(t => t.GetProperty("grainType").GetString()).ToList();
        Assert.Contains(types, t => t!.Contains("orchestration", StringComparison.OrdinalIgnoreCase));
    }

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await _http.GetAsync(new Uri($"/dashboard/api/{path}", UriKind.Relative));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.ReadJsonAsync();
    }

    private async Task<List<JsonElement>> ListAllAsync(string list, string query)
    {
        var rows = new List<JsonElement>();
        string? token = null;
        var pages = 0;
        do
        {
            var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/dashboard/api/{list}?{query}", UriKind.Relative));
            if (token is not null)
            {
                request.Headers.TryAddWithoutValidation(ManagementApi.ContinuationHeader, token);
            }

            using var response = await _http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            rows.AddRange((await response.ReadJsonAsync()).EnumerateArray());
            token = response.ContinuationToken();
        }
        while (token is not null && ++pages < 100);
        return rows;
    }

    private static List<string?> Names(JsonElement catalog, string property) =>
        [.. catalog.GetProperty(property).EnumerateArray().Select(n => n.GetString())];

    private static DateTime Time(JsonElement element, string property) =>
        DateTime.Parse(element.GetProperty(property).GetString()!, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal);
}
