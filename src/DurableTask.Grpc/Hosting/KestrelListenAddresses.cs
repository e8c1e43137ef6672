using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;

namespace OrleansWorkflows.DurableTask.Grpc.Hosting;

/// <summary>
/// Kestrel uses the configured URLs (<c>urls</c>, <c>http_ports</c>) only while no endpoint is added in code: adding the
/// gRPC endpoint would silently drop them. So the HTTP addresses are added in code too, as configured (ASP.NET Core's
/// default <c>http://localhost:5000</c> when none is). <c>Kestrel:Endpoints</c> from configuration are kept by Kestrel
/// itself; HTTPS URLs cannot be carried over and are refused with a message.
/// </summary>
internal static class KestrelListenAddresses
{
    public static void ListenHttp(KestrelServerOptions kestrel, IConfiguration configuration)
    {
        if (configuration.GetSection("Kestrel:Endpoints").GetChildren().Any())
        {
            return;
        }

        var urls = Split(configuration["urls"]);
        var ports = Split(configuration["http_ports"]);
        if (urls.Count == 0 && ports.Count == 0)
        {
            kestrel.ListenLocalhost(5000);
            return;
        }

        foreach (var port in ports)
        {
            kestrel.ListenAnyIP(int.Parse(port, System.Globalization.CultureInfo.InvariantCulture));
        }

        foreach (var url in urls)
        {
            Listen(kestrel, url);
        }
    }

    private static void Listen(KestrelServerOptions kestrel, string url)
    {
        var normalized = url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
        if (!Uri.TryCreate(normalized, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
        {
            throw new InvalidOperationException(
                $"With the gRPC endpoint on, the HTTP addresses are bound in code and must be plain http:// URLs; '{url}' is not. " +
                "Configure HTTPS endpoints under Kestrel:Endpoints instead.");
        }

        if (uri.IsLoopback && string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            kestrel.ListenLocalhost(uri.Port);
        }
        else if (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip))
        {
            kestrel.Listen(ip, uri.Port);
        }
        else
        {
            kestrel.ListenAnyIP(uri.Port);
        }
    }

    private static List<string> Split(string? value) =>
        [.. (value ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
