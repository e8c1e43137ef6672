using System.Net;

namespace OrleansWorkflows.Gateway.Hosting;

/// <summary>
/// Refuses to start a gateway that would listen beyond this machine without an API key: every address it is told to
/// listen on (<c>urls</c> / <c>ASPNETCORE_URLS</c> / <c>--urls</c>, <c>http_ports</c>/<c>https_ports</c> /
/// <c>ASPNETCORE_HTTP_PORTS</c>, which bind every interface, and <c>Kestrel:Endpoints:*:Url</c>) must be loopback
/// (<c>localhost</c>, <c>127.0.0.0/8</c>, <c>[::1]</c>) unless a key is configured. No address configured means ASP.NET
/// Core's default, <c>http://localhost:5000</c>.
/// </summary>
internal static class ListenAddressGuard
{
    /// <summary>The error to stop with, or <c>null</c> when the configuration is safe.</summary>
    public static string? Check(IConfiguration configuration, bool hasApiKey)
    {
        if (hasApiKey)
        {
            return null;
        }

        var exposed = ListenAddresses(configuration).Where(a => !IsLoopback(a)).ToList();
        return exposed.Count == 0
            ? null
            : $"The gateway would listen on {string.Join(", ", exposed)}, beyond this machine, but no API key is configured. " +
              "Set Gateway:ApiKey (environment: Gateway__ApiKey) or Gateway:ApiKeys, or listen on a loopback address only " +
              "(e.g. --urls http://127.0.0.1:5000).";
    }

    /// <summary>The configured listen addresses (URLs, or <c>*:port</c> for the port settings).</summary>
    public static IEnumerable<string> ListenAddresses(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        foreach (var url in Split(configuration["urls"], ';'))
        {
            yield return url;
        }

        foreach (var port in Split(configuration["http_ports"], ';').Concat(Split(configuration["https_ports"], ';')))
        {
            yield return $"*:{port}";
        }

        foreach (var endpoint in configuration.GetSection("Kestrel:Endpoints").GetChildren())
        {
            if (endpoint["Url"] is { Length: > 0 } url)
            {
                yield return url;
            }
        }
    }

    /// <summary>Whether a listen URL (<c>scheme://host[:port][/path]</c>, or <c>host:port</c>) stays on this machine.</summary>
    public static bool IsLoopback(string address)
    {
        var rest = address.Contains("://", StringComparison.Ordinal) ? address[(address.IndexOf("://", StringComparison.Ordinal) + 3)..] : address;
        if (rest.StartsWith("unix:", StringComparison.OrdinalIgnoreCase) || rest.StartsWith("pipe:", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var host = rest.Split('/')[0];
        if (host.StartsWith('['))
        {
            host = host[1..host.IndexOf(']', StringComparison.Ordinal)];
        }
        else if (host.LastIndexOf(':') is var colon and > 0)
        {
            host = host[..colon];
        }

        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
    }

    private static IEnumerable<string> Split(string? value, char separator) =>
        (value ?? string.Empty).Split(separator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
