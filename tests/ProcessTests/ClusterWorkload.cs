using System.Net;
using System.Text;
using System.Text.Json;

namespace OrleansWorkflows.ProcessTests;

/// <summary>
/// The mixed load of the crash tests, driven through the gateway's HTTP API: <see cref="Orchestrations"/> instances of
/// six kinds (activity sequence, fan-out/fan-in, a chain of continue-as-new, an approval that gets its event, an
/// approval whose durable timer fires, retries on durable timers), each with its exact expected output, and
/// <see cref="Signals"/> <c>Counter.Add(1)</c> signals over <see cref="Counters"/> counters. The approvals that time out
/// wait <c>timerSeconds</c> on a durable timer.
/// </summary>
internal sealed class ClusterWorkload(string prefix, int timerSeconds)
{
    public const int Orchestrations = 500;
    public const int Counters = 4;
    public const int Signals = 10_000;
    public const string Api = "/runtime/webhooks/durabletask";

    private readonly Kind[] _kinds =
    [
        new("HelloSequence", null, """["Hello Tokyo!","Hello Seattle!","Hello London!"]"""),
        new("FanOutFanIn", "10", "385"),
        new("Countdown", "8", "\"Done\""),
        new("Approval", """{"timeoutSeconds":3600}""", "\"Approved\"", RaiseApproval: true),
        new("Approval", $$"""{"timeoutSeconds":{{timerSeconds}}}""", "\"TimedOut\""),
        new("Retry", null, "3"),
    ];

    private List<(string Id, Kind Kind)> Instances =>
        field ??= [.. Enumerable.Range(0, Orchestrations).Select(i => ($"{prefix}-{i:D3}", _kinds[i % _kinds.Length]))];

    public string Prefix => prefix;

    public static StringContent Json(string? json) => new(json ?? string.Empty, Encoding.UTF8, "application/json");

    /// <summary>Starts every instance (202 each).</summary>
    public Task StartAllAsync(HttpClient http) =>
        Parallel.ForEachAsync(Instances, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (instance, _) =>
        {
            using var response = await http.PostAsync(new Uri($"{Api}/orchestrators/{instance.Kind.Name}/{instance.Id}", UriKind.Relative), Json(instance.Kind.Input));
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"start {instance.Id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        });

    /// <summary>Sends every signal and waits until each is durably in its counter's inbox (202 each).</summary>
    public Task SignalAllAsync(HttpClient http) =>
        Parallel.ForEachAsync(Enumerable.Range(0, Signals), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, _) =>
        {
            using var response = await http.PostAsync(new Uri($"{Api}/entities/Counter/{CounterKey(i % Counters)}?op=Add", UriKind.Relative), Json("1"));
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"signal {i}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        });

    /// <summary>Raises the Approval event on the instances that wait for one (202 each).</summary>
    public Task RaiseApprovalsAsync(HttpClient http) =>
        Parallel.ForEachAsync(Instances.Where(i => i.Kind.RaiseApproval), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (instance, _) =>
        {
            using var response = await http.PostAsync(new Uri($"{Api}/instances/{instance.Id}/raiseEvent/Approval", UriKind.Relative), Json("true"));
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"raise {instance.Id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        });

    /// <summary>Lists this workload's instances (one page of up to 1,000) with their status and output.</summary>
    public async Task<Dictionary<string, (string Status, string? Output)>> ListAsync(HttpClient http)
    {
        var listed = new Dictionary<string, (string, string?)>(StringComparer.Ordinal);
        string? token = null;
        do
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"{Api}/instances?instanceIdPrefix={prefix}-&showInput=false&top=1000", UriKind.Relative));
            if (token is not null)
            {
                request.Headers.Add("x-ms-continuation-token", token);
            }

            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"list: {(int)response.StatusCode} {body}");
            foreach (var instance in JsonDocument.Parse(body).RootElement.EnumerateArray())
            {
                listed[instance.GetProperty("instanceId").GetString()!] = (
                    instance.GetProperty("runtimeStatus").GetString()!,
                    instance.TryGetProperty("output", out var output) && output.ValueKind != JsonValueKind.Null ? output.GetRawText() : null);
            }

            token = response.Headers.TryGetValues("x-ms-continuation-token", out var next) ? next.Single() : null;
        }
        while (token is not null);
        return listed;
    }

    /// <summary>How many instances have finished (any final status), for progress messages.</summary>
    public async Task<int> FinishedAsync(HttpClient http)
    {
        var listed = await ListAsync(http);
        return Instances.Count(i => listed.GetValueOrDefault(i.Id).Status is "Completed" or "Failed" or "Terminated" or "Canceled");
    }

    /// <summary>Waits until every instance completed with its expected output and every counter holds its exact sum.</summary>
    public Task WaitUntilAllDoneAsync(Func<HttpClient> http, TimeSpan deadline, Func<string> diagnostics) =>
        Eventually.HoldsAsync(
            async () =>
            {
                var listed = await ListAsync(http());
                var wrong = Instances
                    .Select(i => (i.Id, Expected: i.Kind.Output, Actual: listed.GetValueOrDefault(i.Id)))
                    .Where(i => i.Actual.Status != "Completed" || i.Actual.Output != i.Expected)
                    .ToList();
                var counters = await Task.WhenAll(Enumerable.Range(0, Counters).Select(c => CounterAsync(http(), c)));
                var done = wrong.Count == 0 && counters.All(c => c == Signals / Counters);
                var statuses = string.Join(", ", listed.Values.GroupBy(v => v.Status).Select(g => $"{g.Key} {g.Count()}"));
                var sample = string.Join("; ", wrong.Take(3).Select(w => $"{w.Id} {w.Actual.Status} {w.Actual.Output} (expected {w.Expected})"));
                return (done, $"{wrong.Count} not right [{statuses}] e.g. {sample}; counters {string.Join(", ", counters)}\n{(done ? string.Empty : diagnostics())}");
            },
            deadline,
            $"all {Orchestrations} instances completing with their outputs and {Signals} signals counted");

    /// <summary>Waits until the instances with short durable timers (the retries, 500 ms apart) have completed.</summary>
    public Task WaitUntilShortTimersFiredAsync(HttpClient http) =>
        Eventually.HoldsAsync(
            async () =>
            {
                var listed = await ListAsync(http);
                var waiting = Instances.Count(i => i.Kind.Name == "Retry" && listed.GetValueOrDefault(i.Id).Status != "Completed");
                return (waiting == 0, $"{waiting} retries still running");
            },
            TimeSpan.FromSeconds(60),
            "the retries completing");

    /// <summary>Asserts that no instance of this workload is still Running or Pending (nothing stuck).</summary>
    public async Task AssertNoneRunningAsync(HttpClient http)
    {
        using var response = await http.GetAsync(new Uri($"{Api}/instances?instanceIdPrefix={prefix}-&runtimeStatus=Running,Pending,Suspended&top=1000", UriKind.Relative));
        Assert.Equal("[]", await response.Content.ReadAsStringAsync());
    }

    public async Task<int?> CounterAsync(HttpClient http, int counter)
    {
        using var response = await http.GetAsync(new Uri($"{Api}/entities/Counter/{CounterKey(counter)}", UriKind.Relative));
        return response.StatusCode == HttpStatusCode.OK ? int.Parse(await response.Content.ReadAsStringAsync(), System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    private string CounterKey(int counter) => $"{prefix}-counter-{counter}";

    private sealed record Kind(string Name, string? Input, string Output, bool RaiseApproval = false);
}
