using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace OrleansWorkflows.ProcessTests;

/// <summary>
/// Sends POST requests to the gateway until each is accepted (202), across a gateway that dies and comes back: every
/// request carries a fixed request id (<c>x-ms-request-id</c>), so the engine applies it once however often it arrives,
/// and every failure a crash can cause (no gateway, a refused or reset connection, a timeout, a 5xx, 408 or 429) is
/// sent again with the same id after a backoff (250 ms doubling to 2 s) until <see cref="Deadline"/> has passed since
/// its first attempt. Any other answer fails the test at once. The gateway's client is read before every attempt
/// (<c>null</c> while the gateway is down), so a gateway started again on a new port is picked up. Thread-safe; counts
/// what it saw for the tests' messages.
/// </summary>
internal sealed class RetryingSender(Func<HttpClient?> http)
{
    public static readonly TimeSpan Deadline = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(2);
    private readonly ConcurrentDictionary<string, int> _failures = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _outOfContract = new();
    private int _accepted;
    private int _retried;
    private int _inFlight;

    /// <summary>Requests answered 202 so far.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>Requests that needed more than one attempt.</summary>
    public int Retried => Volatile.Read(ref _retried);

    /// <summary>Requests sent that have not been answered yet.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>The failed attempts by kind, most frequent first (for messages).</summary>
    public string Failures => _failures.IsEmpty
        ? "none"
        : string.Join(", ", _failures.OrderByDescending(f => f.Value).Select(f => $"{f.Key} x{f.Value}"));

    /// <summary>
    /// Answers the API never gives, even during an outage: a 5xx other than 503, or a 503 without <c>Retry-After</c>
    /// (the gateway's promise: a request succeeds, or gets 503 + <c>Retry-After</c>).
    /// </summary>
    public IReadOnlyCollection<string> OutOfContract => _outOfContract;

    /// <summary>A summary for messages: accepted, retried and the failed attempts by kind.</summary>
    public string Summary => $"{Accepted} accepted, {Retried} retried; failed attempts: {Failures}";

    /// <summary>
    /// Posts <paramref name="json"/> to <paramref name="path"/> with request id <paramref name="requestId"/> until it is
    /// accepted (202). A repeat of a request that arrived is answered 202 too (the engine remembers its request id; an
    /// event whose first attempt finished its instance included), so any other refusal fails the test.
    /// </summary>
    public async Task PostAsync(string what, string path, string? json, string requestId, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var delay = FirstDelay;
        for (var attempt = 1; ; attempt++)
        {
            var failure = await TryPostAsync(what, path, json, requestId, cancellationToken);
            if (failure is null)
            {
                Interlocked.Increment(ref _accepted);
                return;
            }

            _failures.AddOrUpdate(failure, 1, (_, count) => count + 1);
            if (attempt == 1)
            {
                Interlocked.Increment(ref _retried);
            }

            Assert.True(
                clock.Elapsed + delay < Deadline,
                $"{what} (request id {requestId}) was not accepted within {Deadline.TotalMinutes:0} min: {attempt} attempts, the last {failure}");
            await Task.Delay(delay, cancellationToken);
            delay = delay * 2 < MaxDelay ? delay * 2 : MaxDelay;
        }
    }

    /// <summary>One attempt: <c>null</c> when accepted, else the kind of failure worth a retry; fails the test on a refusal.</summary>
    private async Task<string?> TryPostAsync(string what, string path, string? json, string requestId, CancellationToken cancellationToken)
    {
        if (http() is not { } client)
        {
            return "gateway down";
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = ClusterWorkload.Json(json) };
        request.Headers.Add("x-ms-request-id", requestId);
        Interlocked.Increment(ref _inFlight);
        try
        {
            using var response = await client.SendAsync(request, cancellationToken);
            var status = response.StatusCode;
            if (status == HttpStatusCode.Accepted)
            {
                return null;
            }

            if ((int)status >= 500 && (status != HttpStatusCode.ServiceUnavailable || response.Headers.RetryAfter is null))
            {
                _outOfContract.Enqueue($"{what} (request id {requestId}): {(int)status} {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }

            if ((int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests)
            {
                return $"HTTP {(int)status}";
            }

            Assert.Fail($"{what} (request id {requestId}): {(int)status} {await response.Content.ReadAsStringAsync(cancellationToken)}");
            return null;
        }
        catch (HttpRequestException ex)
        {
            return $"{nameof(HttpRequestException)} {ex.HttpRequestError}";
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient.Timeout, or the killed gateway's client disposed under the request.
            return ex.InnerException is TimeoutException ? "timeout" : "canceled";
        }
        catch (ObjectDisposedException)
        {
            return "client disposed";
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}
