using System.Net;

namespace OrleansWorkflows.GatewayTests.Management;

/// <summary>GET instances pages with <c>top</c> and the <c>x-ms-continuation-token</c> headers.</summary>
public sealed class InstancePagingTests(GatewayFactory factory) : IClassFixture<GatewayFactory>
{
    private readonly HttpClient _http = factory.CreateClient();

    [Fact]
    public async Task List_250InstancesWithTop100_ReturnsEachOnceInThreePages()
    {
        var prefix = $"page-{Guid.NewGuid():N}-";
        var ids = Enumerable.Range(0, 250).Select(i => $"{prefix}{i:D3}").ToList();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (id, _) =>
            await _http.StartInstanceAsync("Countdown", id, "0"));

        var seen = new List<string>();
        var pageSizes = new List<int>();
        string? token = null;
        do
        {
            using var response = await _http.ListAsync($"?instanceIdPrefix={prefix}&top=100", token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = (await response.ReadJsonAsync()).EnumerateArray().Select(i => i.GetProperty("instanceId").GetString()!).ToList();
            pageSizes.Add(page.Count);
            seen.AddRange(page);
            token = response.ContinuationToken();
        }
        while (token is not null && pageSizes.Count < 10);

        Assert.Equal([100, 100, 50], pageSizes);
        Assert.Equal(ids, seen.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task List_DefaultTopIs100()
    {
        var prefix = $"default-{Guid.NewGuid():N}-";
        await Parallel.ForEachAsync(Enumerable.Range(0, 101), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
            await _http.StartInstanceAsync("Countdown", $"{prefix}{i:D3}", "0"));

        using var first = await _http.ListAsync($"?instanceIdPrefix={prefix}");
        Assert.Equal(100, (await first.ReadJsonAsync()).GetArrayLength());
        var token = first.ContinuationToken();
        Assert.NotNull(token);

        using var second = await _http.ListAsync($"?instanceIdPrefix={prefix}", token);
        Assert.Equal(1, (await second.ReadJsonAsync()).GetArrayLength());
        Assert.Null(second.ContinuationToken());
    }
}
