using System.Net;

namespace OrleansWorkflows.GatewayTests.Entities;

/// <summary>GET/POST/DELETE entities/{name}/{key} with the Counter sample.</summary>
public sealed class EntityOperationTests(GatewayFactory factory) : IClassFixture<GatewayFactory>
{
    private readonly HttpClient _http = factory.CreateClient();

    [Fact]
    public async Task Signal_Returns202_ThenGetReturnsTheRawState()
    {
        var key = $"c-{Guid.NewGuid():N}";

        using var first = await _http.SignalEntityAsync("Counter", key, "Add", "5");
        using var second = await _http.SignalEntityAsync("counter", key, "add", "2");

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        await _http.WaitForEntityAsync("COUNTER", key, "7");
        using var response = await _http.GetEntityAsync("Counter", key);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task DollarKey_IsTheEmptyKey()
    {
        using var reset = await _http.SignalEntityAsync("Counter", "$", "Reset");
        using var add = await _http.SignalEntityAsync("Counter", "$", "Add", "1");

        Assert.Equal(HttpStatusCode.Accepted, add.StatusCode);
        await _http.WaitForEntityAsync("Counter", "$", "1");
    }

    [Fact]
    public async Task Delete_Returns202_ThenTheEntityIsGone()
    {
        var key = $"d-{Guid.NewGuid():N}";
        using var add = await _http.SignalEntityAsync("Counter", key, "Add", "3");
        await _http.WaitForEntityAsync("Counter", key, "3");

        using var response = await _http.DeleteEntityAsync("Counter", key);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await _http.WaitForEntityAsync("Counter", key, null);
    }

    [Fact]
    public async Task Get_NoSuchEntity_Returns404Problem()
    {
        using var response = await _http.GetEntityAsync("Counter", $"missing-{Guid.NewGuid():N}");

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Signal_UnknownEntityName_Returns400Problem()
    {
        using var response = await _http.SignalEntityAsync("NoSuchEntity", "k", "Add", "1");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Delete_UnknownEntityName_Returns400Problem()
    {
        using var response = await _http.DeleteEntityAsync("NoSuchEntity", "k");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("Add", "{not json")]
    [InlineData(null, "1")]
    [InlineData(" ", "1")]
    public async Task Signal_BadJsonOrMissingOperation_Returns400Problem(string? op, string json)
    {
        using var response = await _http.SignalEntityAsync("Counter", "k", op, json);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Get_InvalidEntityName_Returns400Problem()
    {
        using var response = await _http.GetEntityAsync("bad@name", "k");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }
}
