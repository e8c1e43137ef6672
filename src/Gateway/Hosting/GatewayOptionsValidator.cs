using System.Globalization;
using Microsoft.Extensions.Options;

namespace OrleansWorkflows.Gateway.Hosting;

/// <summary>
/// Checks <see cref="GatewayOptions"/> when the gateway starts (<c>ValidateOnStart</c>): every value out of range is
/// reported at once, each naming the configuration key, the value and the allowed range (the endpoints' options are
/// checked by their own validator, in the same way).
/// </summary>
internal sealed class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Check(
            failures,
            double.IsFinite(options.RequestBodyMinBytesPerSecond) && options.RequestBodyMinBytesPerSecond >= 0,
            nameof(options.RequestBodyMinBytesPerSecond),
            options.RequestBodyMinBytesPerSecond,
            "0 or more");
        Check(failures, options.RequestBodyGracePeriod > TimeSpan.FromSeconds(1), nameof(options.RequestBodyGracePeriod), options.RequestBodyGracePeriod, "more than 00:00:01");
        Check(failures, options.RequestHeadersTimeout > TimeSpan.Zero, nameof(options.RequestHeadersTimeout), options.RequestHeadersTimeout, "more than 00:00:00");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(List<string> failures, bool ok, string setting, object value, string allowed)
    {
        if (!ok)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{GatewayOptions.Section}:{setting} is {value}; allowed: {allowed}."));
        }
    }
}
