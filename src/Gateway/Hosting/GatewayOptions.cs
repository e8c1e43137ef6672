namespace OrleansWorkflows.Gateway.Hosting;

/// <summary>Options of the HTTP API (configuration section <c>Gateway</c>).</summary>
internal sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>The largest accepted request body in bytes; larger bodies get 413. Default 1 MiB.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;
}
