using System.Globalization;
using Microsoft.Extensions.Options;

namespace OrleansWorkflows.Hosting;

/// <summary>
/// Checks <see cref="WorkflowEngineOptions"/> when the silo starts (<c>ValidateOnStart</c>): every value out of range is
/// reported at once, each naming the setting, the value and the allowed range.
/// </summary>
internal sealed class WorkflowEngineOptionsValidator : IValidateOptions<WorkflowEngineOptions>
{
    private static readonly TimeSpan MinActivityLease = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxTimerPrecisionHorizon = TimeSpan.FromDays(40);

    public ValidateOptionsResult Validate(string? name, WorkflowEngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Check(failures, options.ActivityLease > MinActivityLease, nameof(options.ActivityLease), options.ActivityLease, "more than 100 ms");
        Check(failures, options.RecoveryInterval > TimeSpan.Zero, nameof(options.RecoveryInterval), options.RecoveryInterval, "more than 0");
        Check(
            failures,
            options.TimerPrecisionHorizon >= TimeSpan.Zero && options.TimerPrecisionHorizon < MaxTimerPrecisionHorizon,
            nameof(options.TimerPrecisionHorizon),
            options.TimerPrecisionHorizon,
            "from 0 to less than 40 days");
        Check(failures, options.MaxConcurrentActivitiesPerSilo > 0, nameof(options.MaxConcurrentActivitiesPerSilo), options.MaxConcurrentActivitiesPerSilo, "from 1 to 2,147,483,647");
        Check(failures, options.ActivityWorkerPartitions is > 0 and <= 65536, nameof(options.ActivityWorkerPartitions), options.ActivityWorkerPartitions, "from 1 to 65,536");
        Check(failures, options.MaxPayloadLength > 0, nameof(options.MaxPayloadLength), options.MaxPayloadLength, "from 1 to 2,147,483,647");
        Check(failures, options.RetentionPeriod is null || options.RetentionPeriod > TimeSpan.Zero, nameof(options.RetentionPeriod), options.RetentionPeriod, "unset (keep everything) or more than 0");
        Check(failures, options.RetentionCheckInterval >= TimeSpan.FromSeconds(1), nameof(options.RetentionCheckInterval), options.RetentionCheckInterval, "at least 1 second");
        Check(failures, options.RequestIdWindow >= TimeSpan.FromMinutes(1), nameof(options.RequestIdWindow), options.RequestIdWindow, "at least 1 minute");
        failures.AddRange(options.Registry.VersionProblems());
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(List<string> failures, bool ok, string setting, object? value, string allowed)
    {
        if (!ok)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"WorkflowEngineOptions.{setting} is {value}; allowed: {allowed}."));
        }
    }
}
