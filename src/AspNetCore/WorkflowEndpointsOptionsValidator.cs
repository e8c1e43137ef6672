using System.Globalization;
using Microsoft.Extensions.Options;

namespace OrleansWorkflows.AspNetCore;

/// <summary>
/// Checks <see cref="WorkflowEndpointsOptions"/> when the app starts (<c>ValidateOnStart</c>): every value out of range
/// is reported at once, each naming the setting (under the configuration section the options were bound from, e.g.
/// <c>Gateway:RetryDeadline</c>), the value and the allowed range.
/// </summary>
/// <param name="settingPrefix">What precedes a property name in messages: a configuration path and <c>:</c>, or the options type name and <c>.</c>.</param>
internal sealed class WorkflowEndpointsOptionsValidator(string settingPrefix) : IValidateOptions<WorkflowEndpointsOptions>
{
    public ValidateOptionsResult Validate(string? name, WorkflowEndpointsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Check(failures, WorkflowEndpoints.IsValidPrefix(options.RoutePrefix), nameof(options.RoutePrefix), options.RoutePrefix, "empty, or a path such as /workflows (no query, no trailing slash)");
        Check(failures, options.MaxRequestBodyBytes >= 1, nameof(options.MaxRequestBodyBytes), options.MaxRequestBodyBytes, "1 or more bytes");
        Check(failures, options.RetryDeadline >= TimeSpan.Zero && options.RetryDeadline <= TimeSpan.FromHours(1), nameof(options.RetryDeadline), options.RetryDeadline, "00:00:00 to 01:00:00");
        Check(failures, options.ReadinessTimeout > TimeSpan.Zero && options.ReadinessTimeout <= TimeSpan.FromMinutes(5), nameof(options.ReadinessTimeout), options.ReadinessTimeout, "more than 00:00:00, up to 00:05:00");
        Check(failures, options.UnavailableRetryAfterSeconds is >= 0 and <= 3600, nameof(options.UnavailableRetryAfterSeconds), options.UnavailableRetryAfterSeconds, "0 to 3600");
        Check(failures, !options.ApiReference || options.OpenApiDocument, nameof(options.ApiReference), options.ApiReference, $"false when {nameof(options.OpenApiDocument)} is false (the page shows that document)");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private void Check(List<string> failures, bool ok, string setting, object value, string allowed)
    {
        if (!ok)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{settingPrefix}{setting} is {value}; allowed: {allowed}."));
        }
    }
}
