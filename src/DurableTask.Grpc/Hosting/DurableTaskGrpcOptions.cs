namespace OrleansWorkflows.DurableTask.Grpc.Hosting;

/// <summary>
/// Options of the Durable Task sidecar endpoint (<see cref="DurableTaskGrpcHostingExtensions"/>):
/// off unless <see cref="Port"/> is set; plain-text HTTP/2 on its own Kestrel endpoint, loopback unless told otherwise.
/// </summary>
public sealed class DurableTaskGrpcOptions
{
    /// <summary>The configuration section the gateway reads them from.</summary>
    public const string Section = "DurableTaskGrpc";

    /// <summary>The TCP port of the gRPC endpoint; <c>null</c> (the default) leaves the endpoint off.</summary>
    public int? Port { get; set; }

    /// <summary>
    /// The address it listens on: <c>127.0.0.1</c> (the default), <c>localhost</c>, an IP address, or <c>*</c> for every
    /// interface. Beyond loopback an API key is required.
    /// </summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>
    /// API keys; when any is set, every call must carry one in its <c>x-functions-key</c> metadata (as the HTTP API's
    /// header). The gateway passes its <c>Gateway:ApiKeys</c> here.
    /// </summary>
    public IReadOnlyList<string> ApiKeys { get; set; } = [];

    /// <summary>How long a worker's work-item stream may stay silent before a health ping is sent (the .NET worker
    /// reconnects after 120 s without a message). Default 30 seconds.</summary>
    public TimeSpan HealthPingInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an orchestration waits for a worker's episode before it commits what it received and asks
    /// again later (a late answer is ignored). Default 30 seconds.</summary>
    public TimeSpan EpisodeTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether the endpoint is on.</summary>
    public bool Enabled => Port is not null;
}
