using System.Collections.Concurrent;

namespace OrleansWorkflows.ProcessTests;

/// <summary>
/// The HTTP handler of a Durable Task SDK app's gRPC channel in front of several gateways, as a load balancer that
/// balances per call would be: the work-item stream (<c>GetWorkItems</c>) goes to the first gateway of
/// <paramref name="streamTo"/> that is not down, every other call (completions, abandons, client calls) to the first of
/// <paramref name="callsTo"/> that is not down. A gateway that refuses a connection is down from then on (it was
/// killed): that call fails as gRPC's <c>Unavailable</c> and the SDK's own retry or reconnect reaches the next gateway.
/// Counts the calls sent to each gateway, by method. Its inner handler is an <see cref="HttpClientHandler"/>: around a
/// <see cref="SocketsHttpHandler"/> the channel would connect every call to its own address, whatever the call's URI.
/// </summary>
/// <param name="streamTo">The gateways for the work-item stream, in order of preference.</param>
/// <param name="callsTo">The gateways for every other call, in order of preference.</param>
internal sealed class GatewayRouter(Uri[] streamTo, Uri[] callsTo) : DelegatingHandler(new HttpClientHandler())
{
    private readonly ConcurrentDictionary<string, bool> _down = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Gateway, string Method), int> _calls = new();

    /// <summary>The address the channel is created with (every call is sent where the routes say).</summary>
    public Uri Address => streamTo[0];

    /// <summary>Every call sent, as "gateway method: count" lines (for failure messages).</summary>
    public string Sent => string.Join(", ", _calls.OrderBy(c => c.Key.Gateway).ThenBy(c => c.Key.Method).Select(c => $"{c.Key.Gateway} {c.Key.Method}: {c.Value}"));

    /// <summary>One gateway for everything.</summary>
    public static GatewayRouter To(Uri gateway) => new([gateway], [gateway]);

    /// <summary>How many <paramref name="method"/> calls (e.g. <c>CompleteActivityTask</c>) were sent to <paramref name="gateway"/>.</summary>
    public int CallsTo(Uri gateway, string method) => _calls.GetValueOrDefault((gateway.Authority, method));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        var method = path[(path.LastIndexOf('/') + 1)..];
        var routes = method == "GetWorkItems" ? streamTo : callsTo;
        var gateway = Array.Find(routes, g => !_down.ContainsKey(g.Authority)) ?? routes[^1];
        request.RequestUri = new Uri(gateway, request.RequestUri.PathAndQuery);
        _calls.AddOrUpdate((gateway.Authority, method), 1, (_, n) => n + 1);
        try
        {
            return await base.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError == HttpRequestError.ConnectionError)
        {
            _down[gateway.Authority] = true;
            throw;
        }
    }
}
