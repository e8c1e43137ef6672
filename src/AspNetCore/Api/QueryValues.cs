using System.Globalization;
using Microsoft.Extensions.Primitives;

namespace OrleansWorkflows.Gateway.Api;

/// <summary>
/// Parses query-string values by hand, so that a malformed value becomes a 400 problem naming the parameter instead of
/// a framework binding error. Each parser returns the value, or sets its <c>problem</c> out parameter.
/// </summary>
internal static class QueryValues
{
    /// <summary>An ISO 8601 time; a time without a zone is taken as UTC. <c>null</c> when absent.</summary>
    public static DateTime? Time(string name, string? text, ref IResult? problem)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return time.UtcDateTime;
        }

        problem ??= Problems.BadRequest($"'{name}' must be an ISO 8601 date/time such as 2024-01-31T12:00:00Z; got '{text}'.");
        return null;
    }

    /// <summary>A boolean (<c>true</c>/<c>false</c>); <paramref name="fallback"/> when absent.</summary>
    public static bool Bool(string name, string? text, bool fallback, ref IResult? problem)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (bool.TryParse(text.Trim(), out var value))
        {
            return value;
        }

        problem ??= Problems.BadRequest($"'{name}' must be true or false; got '{text}'.");
        return fallback;
    }

    /// <summary>An integer within [<paramref name="min"/>, <paramref name="max"/>]; <paramref name="fallback"/> when absent.</summary>
    public static int Int(string name, string? text, int fallback, int min, int max, ref IResult? problem)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        problem ??= Problems.BadRequest($"'{name}' must be a whole number from {min} to {max}; got '{text}'.");
        return fallback;
    }

    /// <summary>Runtime statuses, comma-separated and/or repeated, case-insensitive; <c>null</c> when absent.</summary>
    public static IReadOnlyList<OrchestrationRuntimeStatus>? Statuses(StringValues values, ref IResult? problem)
    {
        var names = values.SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        if (names.Count == 0)
        {
            return null;
        }

        var statuses = new List<OrchestrationRuntimeStatus>();
        foreach (var name in names)
        {
            if (!char.IsLetter(name[0]) || !Enum.TryParse<OrchestrationRuntimeStatus>(name, ignoreCase: true, out var status) || !Enum.IsDefined(status))
            {
                problem ??= Problems.BadRequest(
                    $"'runtimeStatus' has an unknown status '{name}'; use {string.Join(", ", Enum.GetNames<OrchestrationRuntimeStatus>())}.");
                return null;
            }

            statuses.Add(status);
        }

        return [.. statuses.Distinct()];
    }
}
