using System.Net;
using System.Text;
using System.Text.Json;

namespace OrleansWorkflows.ProcessTests;

/// <summary>
/// The mixed load of the crash tests, driven through the gateway's HTTP API: <see cref="Orchestrations"/> instances of
/// six kinds (activity sequence, fan-out/fan-in, a chain of continue-as-new, an approval that gets its event, an
/// approval whose durable timer fires, retries on durable timers), each with its exact expected output, and
/// <see cref="Signals"/> <c>Counter.Add(1)</c> signals over <see cref="Counters"/> counters. The approvals that time out
/// wait <c>timerSeconds</c> on a durable timer. Starts, signals and events go through a <see cref="RetryingSender"/>
/// with a fixed request id each, so they can be interrupted by a crash and sent again without being applied twice.
/// </summary>
internal sealed class ClusterWorkload(string prefix, int timerSeconds)
{
    public const int Orchestrations = 500;
    public const int Counters = 4;
    public const int Signals = 10_000;

    /// <summary>Signals sent at a time: slow enough that the sending spans the tests' kills.</summary>
    public const int SignalParallelism = 8;
    public const string Api = "/runtime/webhooks/durabletask";

    private readonly Kind[] _kinds =
    [
        new("HelloSequence", null, """["Hello Tokyo!","Hello Seattle!","Hello London!"]"""),
        new("FanOutFanIn", "10", "385"),
        new("Countdown", "8", "\"Done\""),
        new("Approval", """{"timeoutSeconds":3600}""", "\"Approved\"", RaiseApproval: true),
        new("Approval", $$"""{"timeoutSeconds":{{timerSeconds}}}""", "\"TimedOut\"", TimesOut: true),
        new("Retry", null, "3"),
    ];

    private List<(string Id, Kind Kind)> Instances =>
        field ??= [.. Enumerable.Range(0, Orchestrations).Select(i => ($"{prefix}-{i:D3}", _kinds[i % _kinds.Length]))];

    public string Prefix => prefix;

    /// <summary>The seconds the approvals that time out wait on their durable timer.</summary>
    public int TimerSeconds => timerSeconds;

    /// <summary>How many approvals wait for their durable timer to time out.</summary>
    public int TimedOutApprovals => Instances.Count(i => i.Kind.TimesOut);

    public static StringContent Json(string? json) => new(json ?? string.Empty, Encoding.UTF8, "application/json");

    /// <summary>Starts every instance (202 each), each with request id <c>start-{instance id}</c>, retried until accepted.</summary>
    public Task StartAllAsync(RetryingSender requests) =>
        Parallel.ForEachAsync(Instances, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (instance, cancellationToken) =>
            await requests.PostAsync($"start {instance.Id}", $"{Api}/orchestrators/{instance.Kind.Name}/{instance.Id}", instance.Kind.Input, $"start-{instance.Id}", cancellationToken));

    /// <summary>
    /// Sends every signal (<c>Counter.Add(1)</c>, request id <c>{prefix}-signal-{i}</c>) until each is acknowledged: 202
    /// means durably in its counter's inbox; a failed request is sent again with the same id, which the engine applies once.
    /// </summary>
    public Task SignalAllAsync(RetryingSender signals, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(
            Enumerable.Range(0, Signals),
            new ParallelOptions { MaxDegreeOfParallelism = SignalParallelism, CancellationToken = cancellationToken },
            async (i, token) =>
                await signals.PostAsync($"signal {i}", $"{Api}/entities/Counter/{CounterKey(i % Counters)}?op=Add", "1", $"{prefix}-signal-{i}", token));

    /// <summary>
    /// Sends the first <paramref name="count"/> signals again with their request ids (long after they were applied, with
    /// thousands of other requests and possibly a restart between), then one more <c>Add(1)</c> per counter with a new
    /// id: a counter applies its inbox in order, so once it shows the extra 1 every re-sent signal that had been
    /// appended would be counted too.
    /// </summary>
    public async Task SignalAgainAsync(RetryingSender signals, int count)
    {
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, token) =>
            await signals.PostAsync($"signal {i} again", $"{Api}/entities/Counter/{CounterKey(i % Counters)}?op=Add", "1", $"{prefix}-signal-{i}", token));
        await Parallel.ForEachAsync(Enumerable.Range(0, Counters), async (c, token) =>
            await signals.PostAsync($"counter {c} marker", $"{Api}/entities/Counter/{CounterKey(c)}?op=Add", "1", $"{prefix}-marker-{c}", token));
    }

    /// <summary>
    /// Raises the Approval event (request id <c>approve-{instance id}</c>) on the instances that wait for one, retried
    /// until accepted (a retry whose first attempt arrived and finished the instance is accepted too).
    /// </summary>
    public Task RaiseApprovalsAsync(RetryingSender requests) =>
        Parallel.ForEachAsync(Instances.Where(i => i.Kind.RaiseApproval), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (instance, cancellationToken) =>
            await requests.PostAsync($"raise {instance.Id}", $"{Api}/instances/{instance.Id}/raiseEvent/Approval", "true", $"approve-{instance.Id}", cancellationToken));

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

    /// <summary>
    /// How many instances have finished (any final status), and how many of the approvals that time out already did,
    /// for progress messages.
    /// </summary>
    public async Task<(int Finished, int TimedOut)> FinishedAsync(HttpClient http)
    {
        var listed = await ListAsync(http);
        var finished = Instances.Where(i => listed.GetValueOrDefault(i.Id).Status is "Completed" or "Failed" or "Terminated" or "Canceled").ToList();
        return (finished.Count, finished.Count(i => i.Kind.TimesOut));
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
                Assert.True(
                    counters.All(c => c is null or <= Signals / Counters),
                    $"a counter went over {Signals / Counters} (a signal applied more than once): {string.Join(", ", counters)}");
                var done = wrong.Count == 0 && counters.All(c => c == Signals / Counters);
                var statuses = string.Join(", ", listed.Values.GroupBy(v => v.Status).Select(g => $"{g.Key} {g.Count()}"));
                var sample = string.Join("; ", wrong.Take(3).Select(w => $"{w.Id} {w.Actual.Status} {w.Actual.Output} (expected {w.Expected})"));
                return (done, $"{wrong.Count} not right [{statuses}] e.g. {sample}; counters {string.Join(", ", counters)}\n{(done ? string.Empty : diagnostics())}");
            },
            deadline,
            $"all {Orchestrations} instances completing with their outputs and {Signals} signals counted");

    /// <summary>Asserts that no instance of this workload is still Running or Pending (nothing stuck).</summary>
    public async Task AssertNoneRunningAsync(HttpClient http)
    {
        using var response = await http.GetAsync(new Uri($"{Api}/instances?instanceIdPrefix={prefix}-&runtimeStatus=Running,Pending,Suspended&top=1000", UriKind.Relative));
        Assert.Equal("[]", await response.Content.ReadAsStringAsync());
    }

    /// <summary>Every counter's value, for messages (<c>-</c> for a counter that does not exist yet).</summary>
    public async Task<string> CountersAsync(HttpClient http) =>
        string.Join(", ", (await Task.WhenAll(Enumerable.Range(0, Counters).Select(c => CounterAsync(http, c)))).Select(c => c?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"));

    public async Task<int?> CounterAsync(HttpClient http, int counter)
    {
        using var response = await http.GetAsync(new Uri($"{Api}/entities/Counter/{CounterKey(counter)}", UriKind.Relative));
        return response.StatusCode == HttpStatusCode.OK ? int.Parse(await response.Content.ReadAsStringAsync(), System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    private string CounterKey(int counter) => $"{prefix}-counter-{counter}";

    private sealed record Kind(string Name, string? Input, string Output, bool RaiseApproval = false, bool TimesOut = false);
}
