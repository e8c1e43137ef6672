using System.Net;
using System.Text;
using System.Text.Json;

namespace OrleansWorkflows.ProcessTests;

/// <summary>The one-command gateway on its default SQLite store survives <c>kill -9</c>: in-flight instances carry on.</summary>
public sealed class SqliteRestartTests : IDisposable
{
    private const int Instances = 100;
    private const string Api = "/runtime/webhooks/durabletask";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "orleansworkflows-process-tests", Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task KilledGateway_RestartedOnTheSameFile_CompletesEveryApprovalStartedBefore()
    {
        var storage = $"--Storage:ConnectionString={Path.Combine(_directory, "store.db")}";
        var ids = Enumerable.Range(0, Instances).Select(i => $"approval-{i:D3}").ToList();

        await using (var first = await GatewayProcess.StartAsync(storage))
        {
            await Task.WhenAll(ids.Select(async id =>
            {
                using var response = await first.Http.PostAsync(
                    new Uri($"{Api}/orchestrators/Approval/{id}", UriKind.Relative),
                    Json("""{"timeoutSeconds": 86400}"""));
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            }));
            await WaitForAllAsync(first, ids, status => status == "Running", "all 100 instances running");
            await first.KillAsync();
        }

        await using var second = await GatewayProcess.StartAsync(storage);
        await Task.WhenAll(ids.Select(async id =>
        {
            using var response = await second.Http.PostAsync(new Uri($"{Api}/instances/{id}/raiseEvent/Approval", UriKind.Relative), Json("true"));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }));

        await WaitForAllAsync(second, ids, status => status == "Completed", "all 100 instances completed after the restart");
        foreach (var id in ids)
        {
            var status = await StatusAsync(second, id);
            Assert.Equal("Approved", status.GetProperty("output").GetString());
        }
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task WaitForAllAsync(GatewayProcess gateway, List<string> ids, Func<string, bool> condition, string what) =>
        await Eventually.HoldsAsync(
            async () =>
            {
                var statuses = await Task.WhenAll(ids.Select(async id => (await StatusAsync(gateway, id)).GetProperty("runtimeStatus").GetString() ?? "?"));
                var pending = statuses.Count(s => !condition(s));
                return (pending == 0, $"{pending} not yet: {string.Join(", ", statuses.Distinct())}");
            },
            TimeSpan.FromSeconds(120),
            what);

    private static async Task<JsonElement> StatusAsync(GatewayProcess gateway, string id)
    {
        using var response = await gateway.Http.GetAsync(new Uri($"{Api}/instances/{id}?showInput=false", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted, $"{id}: {(int)response.StatusCode} {body}\n{gateway.Output}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
