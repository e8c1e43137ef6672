using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Xunit.Abstractions;

namespace OrleansWorkflows.GatewayTests.Hardening.Fuzz;

/// <summary>
/// A seeded fuzz run over every route of the gateway on a real Kestrel server (<see cref="FuzzRequests"/>: methods,
/// routes, ids, names, query values, headers and bodies with odd Unicode in every position, broken chunked bodies,
/// stalled and slow bodies, non-ASCII header bytes). No request of any shape gets a 500 (a 503 must carry
/// <c>Retry-After</c>), and the gateway is live and ready afterwards. The seed is fixed (override with
/// <c>GATEWAY_FUZZ_SEED</c> to explore), so a failure repeats.
/// </summary>
public sealed class GatewayFuzzTests(KestrelGatewayFactory factory, ITestOutputHelper output) : IClassFixture<KestrelGatewayFactory>
{
    private const int Requests = 4_000;
    private const int Parallelism = 8;

    [Fact]
    public async Task ThousandsOfGeneratedRequests_NoneGets500_AndTheGatewayStaysLiveAndReady()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("GATEWAY_FUZZ_SEED"), out var chosen) ? chosen : 20261205;
        using var http = NewClient();
        var known = await SeedInstancesAsync(http);
        var requests = new FuzzRequests(seed, known).Take(Requests).ToList();
        var failures = new ConcurrentQueue<string>();
        var statuses = new ConcurrentDictionary<int, int>();
        var clock = Stopwatch.StartNew();

        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (request, cancellationToken) =>
        {
            var (status, retryAfter, detail) = request.Raw is { } raw
                ? await SendRawAsync(raw)
                : await SendAsync(http, request, cancellationToken);
            statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
            if (status >= 500 && !(status == 503 && retryAfter) || (status == 0 && request.Raw is null))
            {
                failures.Enqueue($"{status}: {request} -> {detail}");
            }
        });

        output.WriteLine($"seed {seed}: {Requests} requests in {clock.Elapsed.TotalSeconds:0.0} s; statuses {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key} x{s.Value}"))}");
        Assert.True(failures.IsEmpty, $"seed {seed}: {failures.Count} requests got a 500 (or no answer):\n{string.Join("\n", failures.Take(25))}");
        using var live = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        using var ready = await http.GetAsync(new Uri("/readyz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    /// <summary>Instances and an entity in every state the routes meet: finished, waiting, failed and rewound, suspended.</summary>
    private static async Task<List<string>> SeedInstancesAsync(HttpClient http)
    {
        var done = await http.StartInstanceAsync("HelloSequence", "fuzz-known-done");
        await http.WaitForFinishedAsync(done);
        var waiting = await http.StartInstanceAsync("Approval", "fuzz-known-waiting", "{\"timeoutSeconds\": 3600}");
        var suspended = await http.StartInstanceAsync("Approval", "fuzz-known-suspended", "{\"timeoutSeconds\": 3600}");
        (await http.ControlAsync(suspended, "suspend")).Dispose();
        (await http.SignalEntityAsync("Counter", "fuzz-key", "Add", "1")).Dispose();
        return [done, waiting, suspended, "@counter@fuzz-key", "fuzz-id", " ", "\u3000"];
    }

    private HttpClient NewClient() => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8,
    })
    {
        BaseAddress = new Uri($"http://127.0.0.1:{factory.Port}"),
        Timeout = TimeSpan.FromSeconds(60),
    };

    private static async Task<(int Status, bool RetryAfter, string Detail)> SendAsync(HttpClient http, FuzzRequest request, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(request.Target, UriKind.Relative));
        if (request.Body is { } body)
        {
            message.Content = new ByteArrayContent(body);
            if (!string.IsNullOrEmpty(request.ContentType) && MediaTypeHeaderValue.TryParse(request.ContentType, out var type))
            {
                message.Content.Headers.ContentType = type;
            }
        }

        foreach (var (name, value) in request.Headers)
        {
            // Values no client can put on the wire (line breaks, NUL) stay out; everything else goes as UTF-8 bytes.
            if (!value.Any(c => c is '\r' or '\n' or '\0'))
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }

        try
        {
            using var response = await http.SendAsync(message, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            return ((int)response.StatusCode, response.Headers.RetryAfter is not null, text.Length > 300 ? text[..300] : text);
        }
        catch (HttpRequestException ex)
        {
            return (0, false, $"{ex.HttpRequestError}: {ex.Message}");
        }
    }

    private async Task<(int Status, bool RetryAfter, string Detail)> SendRawAsync((byte[] Head, byte[][] Parts, TimeSpan Pause) raw)
    {
        var (status, text) = await RawHttp.SendAsync(factory.Port, raw.Head, raw.Parts, raw.Pause);
        var headers = text.Split("\r\n\r\n")[0];
        return (status, headers.Contains("\r\nRetry-After:", StringComparison.OrdinalIgnoreCase), text.Length > 300 ? text[..300] : text);
    }
}
