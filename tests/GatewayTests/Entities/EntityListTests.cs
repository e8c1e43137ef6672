using System.Net;
using System.Text.Json;

namespace OrleansWorkflows.GatewayTests.Entities;

/// <summary>GET entities[/{name}]: listing with fetchState, top and the continuation header.</summary>
public sealed class EntityListTests(GatewayFactory factory) : IClassFixture<GatewayFactory>
{
    private readonly HttpClient _http = factory.CreateClient();

    [Fact]
    public async Task ListByName_PagedByTwo_ReturnsEveryEntityOnceWithState()
    {
        var prefix = $"l-{Guid.NewGuid():N}-";
        var keys = Enumerable.Range(0, 5).Select(i => $"{prefix}{i}").ToList();
        foreach (var key in keys)
        {
            using var add = await _http.SignalEntityAsync("Counter", key, "Add", "4");
        }

        foreach (var key in keys)
        {
            await _http.WaitForEntityAsync("Counter", key, "4");
        }

        var found = new List<JsonElement>();
        string? token = null;
        var pages = 0;
        do
        {
            using var response = await _http.ListAsync("?fetchState=true&top=2", token, "/entities/Counter");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = (await response.ReadJsonAsync()).EnumerateArray().ToList();
            Assert.True(page.Count <= 2);
            found.AddRange(page.Where(e => e.GetProperty("entityId").GetProperty("key").GetString()!.StartsWith(prefix, StringComparison.Ordinal)));
            token = response.ContinuationToken();
        }
        while (token is not null && ++pages < 100);

        Assert.Equal(keys, found.Select(e => e.GetProperty("entityId").GetProperty("key").GetString()).Order(StringComparer.Ordinal));
        Assert.All(found, e => Assert.Equal("counter", e.GetProperty("entityId").GetProperty("name").GetString()));
        Assert.All(found, e => Assert.Equal(4, e.GetProperty("state").GetInt32()));
        Assert.All(found, e => Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$", e.GetProperty("lastOperationTime").GetString()));
    }

    [Fact]
    public async Task ListAll_WithoutFetchState_OmitsState_AndOrchestrationsAreNotListed()
    {
        var key = $"a-{Guid.NewGuid():N}";
        using var add = await _http.SignalEntityAsync("Counter", key, "Add", "1");
        await _http.WaitForEntityAsync("Counter", key, "1");
        var instance = await _http.StartInstanceAsync("HelloSequence");

        using var entities = await _http.ListAsync(path: "/entities");
        using var instances = await _http.ListAsync();

        var listed = (await entities.ReadJsonAsync()).EnumerateArray().ToList();
        var mine = Assert.Single(listed, e => e.GetProperty("entityId").GetProperty("key").GetString() == key);
        Assert.False(mine.TryGetProperty("state", out _));
        Assert.DoesNotContain(listed, e => e.GetProperty("entityId").GetProperty("key").GetString() == instance);
        var ids = (await instances.ReadJsonAsync()).EnumerateArray().Select(i => i.GetProperty("instanceId").GetString()).ToList();
        Assert.Contains(instance, ids);
        Assert.DoesNotContain(ids, id => id!.StartsWith('@'));
    }

    [Fact]
    public async Task List_LastOperationTimeInTheFuture_IsEmpty()
    {
        using var response = await _http.ListAsync($"?lastOperationTimeFrom={DateTime.UtcNow.AddYears(1):yyyy-MM-ddTHH:mm:ssZ}", path: "/entities");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, (await response.ReadJsonAsync()).GetArrayLength());
    }

    [Theory]
    [InlineData("?top=0")]
    [InlineData("?fetchState=yes")]
    [InlineData("?lastOperationTimeTo=later")]
    public async Task List_MalformedQuery_Returns400Problem(string query)
    {
        using var response = await _http.ListAsync(query, path: "/entities/Counter");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }
}
