using System.Net;
using Microsoft.Extensions.Options;

namespace OrleansWorkflows.DurableTask.Grpc.Hosting;

/// <summary>Checks <see cref="DurableTaskGrpcOptions"/> when the host starts (and when the endpoint is added).</summary>
internal sealed class DurableTaskGrpcOptionsValidator : IValidateOptions<DurableTaskGrpcOptions>
{
    public ValidateOptionsResult Validate(string? name, DurableTaskGrpcOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.Port is { } port && port is < 1 or > 65535)
        {
            errors.Add($"DurableTaskGrpc:Port must be between 1 and 65535 (was {port}).");
        }

        if (ParseHost(options.Host) is null)
        {
            errors.Add($"DurableTaskGrpc:Host must be 'localhost', '*' or an IP address (was '{options.Host}').");
        }
        else if (!IsLoopback(options.Host) && !options.ApiKeys.Any(k => !string.IsNullOrWhiteSpace(k)))
        {
            errors.Add($"The gRPC endpoint would listen on '{options.Host}', beyond this machine, but no API key is configured.");
        }

        if (options.HealthPingInterval <= TimeSpan.Zero || options.HealthPingInterval >= TimeSpan.FromSeconds(120))
        {
            errors.Add("DurableTaskGrpc:HealthPingInterval must be positive and below 120 seconds (workers reconnect after 120 s of silence).");
        }

        if (options.EpisodeTimeout <= TimeSpan.Zero)
        {
            errors.Add("DurableTaskGrpc:EpisodeTimeout must be positive.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>The address to bind; <see cref="IPAddress.Any"/> for <c>*</c>, <see cref="IPAddress.Loopback"/> for <c>localhost</c>.</summary>
    internal static IPAddress? ParseHost(string? host) => host switch
    {
        "*" or "+" => IPAddress.Any,
        _ when string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) => IPAddress.Loopback,
        _ => IPAddress.TryParse(host, out var ip) ? ip : null,
    };

    private static bool IsLoopback(string host) => ParseHost(host) is { } ip && IPAddress.IsLoopback(ip);
}
