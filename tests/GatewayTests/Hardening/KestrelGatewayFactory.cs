namespace OrleansWorkflows.GatewayTests.Hardening;

/// <summary>
/// The embedded gateway on a real Kestrel server on a free loopback port (the test server neither validates response
/// headers nor parses raw HTTP, so malformed bodies and header encodings need the real one). The request-body grace
/// period is short here so that stalled and slow bodies are refused within two seconds or so.
/// </summary>
public sealed class KestrelGatewayFactory : GatewayFactory
{
    public KestrelGatewayFactory()
    {
        Port = FreePorts.Take(1)[0];
        UseKestrel(Port);
        StartServer();
    }

    /// <summary>The loopback port Kestrel listens on.</summary>
    public int Port { get; }

    protected override IEnumerable<(string Key, string Value)> Settings =>
    [
        ("Gateway:RequestBodyGracePeriod", "00:00:01.500"),
        ("Gateway:RequestHeadersTimeout", "00:00:02"),
    ];
}
