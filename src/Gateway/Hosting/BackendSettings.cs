using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Orleans.Configuration;

namespace OrleansWorkflows.Gateway.Hosting;

/// <summary>
/// Where the gateway finds its cluster, read from configuration. With no <c>Cluster:Gateways</c> the gateway hosts an
/// embedded silo on <c>Orleans:SiloPort</c>/<c>Orleans:GatewayPort</c>; otherwise it is a client of that cluster.
/// </summary>
internal sealed record BackendSettings(
    IReadOnlyList<IPEndPoint> Gateways, int SiloPort, int GatewayPort, string ClusterId, string ServiceId)
{
    public const string DefaultClusterId = "dev";
    public const string DefaultServiceId = "dev";

    public bool IsEmbedded => Gateways.Count == 0;

    /// <summary>Sets the cluster and service ids; silos and clients must agree on both.</summary>
    public void ApplyTo(ClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ClusterId = ClusterId;
        options.ServiceId = ServiceId;
    }

    public static BackendSettings FromConfiguration(IConfiguration configuration) => new(
        ParseGateways(configuration["Cluster:Gateways"]),
        configuration.GetValue("Orleans:SiloPort", 11111),
        configuration.GetValue("Orleans:GatewayPort", 30000),
        configuration["Cluster:ClusterId"] ?? DefaultClusterId,
        configuration["Cluster:ServiceId"] ?? DefaultServiceId);

    /// <summary>Parses a comma-separated <c>host:port</c> list; host names are resolved once, IPv4 first.</summary>
    public static IReadOnlyList<IPEndPoint> ParseGateways(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return [];
        }

        return [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ParseEndpoint)];
    }

    private static IPEndPoint ParseEndpoint(string entry)
    {
        var colon = entry.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(entry.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new InvalidOperationException($"Cluster:Gateways entry '{entry}' is not host:port.");
        }

        var host = entry[..colon].Trim('[', ']');
        if (IPAddress.TryParse(host, out var address))
        {
            return new IPEndPoint(address, port);
        }

        var resolved = Dns.GetHostAddresses(host).OrderBy(a => a.AddressFamily == AddressFamily.InterNetwork ? 0 : 1).FirstOrDefault()
            ?? throw new InvalidOperationException($"Cluster:Gateways host '{host}' does not resolve.");
        return new IPEndPoint(resolved, port);
    }
}
