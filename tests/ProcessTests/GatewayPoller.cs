using System.Diagnostics;
using System.Net;

namespace OrleansWorkflows.ProcessTests;

/// <summary>
/// An HTTP client of the gateway that keeps working until stopped: it reads the status of the workload's instances and
/// starts new <c>HelloSequence</c> instances, one request after the other, and records every answer that is a 5xx or
/// no answer at all. Used across a silo's death: the gateway must hide the failover behind retries. Across a store
/// outage longer than the gateway's retry deadline a 503 with <c>Retry-After</c> is the promised answer: with
/// <c>tolerateUnavailable</c> those are counted (<see cref="Unavailable"/>), not failures.
/// </summary>
internal sealed class GatewayPoller : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly string _prefix;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _failures = [];
    private readonly List<string> _started = [];
    private readonly Task _loop;
    private readonly bool _tolerateUnavailable;

    public GatewayPoller(HttpClient http, string prefix, bool tolerateUnavailable = false)
    {
        _http = http;
        _prefix = prefix;
        _tolerateUnavailable = tolerateUnavailable;
        _loop = Task.Run(RunAsync);
    }

    public int Requests { get; private set; }

    public TimeSpan SlowestRequest { get; private set; }

    /// <summary>503 answers with <c>Retry-After</c> (tolerated when asked for).</summary>
    public int Unavailable { get; private set; }

    /// <summary>The instances this poller started (each must complete).</summary>
    public IReadOnlyList<string> Started => _started;

    /// <summary>The 5xx answers and transport errors seen.</summary>
    public IReadOnlyList<string> Failures => _failures;

    /// <summary>
    /// Waits until every instance the poller started — also those whose start answered 503 but was committed — is
    /// listed as Completed with HelloSequence's output.
    /// </summary>
    public static Task WaitUntilPolledInstancesCompleteAsync(ClusterWorkload workload, HttpClient http) =>
        Eventually.HoldsAsync(
            async () =>
            {
                var polls = (await workload.ListAsync(http)).Where(l => l.Key.Contains("-poll-", StringComparison.Ordinal)).ToList();
                var wrong = polls.Count(p => p.Value != ("Completed", """["Hello Tokyo!","Hello Seattle!","Hello London!"]"""));
                return (wrong == 0, $"{wrong} of {polls.Count} poller instances not completed with their output");
            },
            TimeSpan.FromSeconds(60),
            "the poller's instances completing");

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        for (var i = 0; !_stop.IsCancellationRequested; i++)
        {
            var start = i % 4 == 0;
            var id = start ? $"{_prefix}-poll-{i:D5}" : $"{_prefix}-{i % ClusterWorkload.Orchestrations:D3}";
            var clock = Stopwatch.StartNew();
            try
            {
                using var response = start
                    ? await _http.PostAsync(new Uri($"{ClusterWorkload.Api}/orchestrators/HelloSequence/{id}", UriKind.Relative), ClusterWorkload.Json(null))
                    : await _http.GetAsync(new Uri($"{ClusterWorkload.Api}/instances/{id}?showInput=false", UriKind.Relative));
                Requests++;
                if (_tolerateUnavailable && response.StatusCode == HttpStatusCode.ServiceUnavailable && response.Headers.RetryAfter is not null)
                {
                    Unavailable++;
                }
                else if ((int)response.StatusCode >= 500)
                {
                    _failures.Add($"{(start ? "start" : "status")} {id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
                else if (start && response.StatusCode == HttpStatusCode.Accepted)
                {
                    _started.Add(id);
                }
            }
            catch (HttpRequestException ex)
            {
                _failures.Add($"{id}: {ex.Message}");
            }

            SlowestRequest = clock.Elapsed > SlowestRequest ? clock.Elapsed : SlowestRequest;
        }
    }
}
