using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrleansWorkflows.Gateway.Api;

/// <summary>How the HTTP API writes times and embeds stored JSON payloads.</summary>
internal static class ApiFormat
{
    /// <summary>A UTC time as <c>yyyy-MM-ddTHH:mm:ssZ</c> (status objects).</summary>
    public static string Seconds(DateTime time) =>
        AsUtc(time).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A UTC time with full precision (history events).</summary>
    public static string Precise(DateTime time) =>
        AsUtc(time).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>Parses a stored time string; a time without a zone is taken as UTC.</summary>
    public static DateTime? ParseTime(string? text) =>
        DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : null;

    /// <summary>
    /// Embeds a stored JSON payload as JSON; text that is not JSON the API can write back (not JSON at all, or JSON
    /// holding a lone surrogate that an earlier version accepted) is kept as a string, so stored data never fails a read.
    /// </summary>
    public static JsonNode? Payload(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        if (json.Contains("\\u", StringComparison.Ordinal) && WorkflowJson.Validate(json) is not null)
        {
            return JsonValue.Create(json);
        }

        try
        {
            return JsonNode.Parse(json);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            return JsonValue.Create(json);
        }
    }

    private static DateTime AsUtc(DateTime time) => time.Kind switch
    {
        DateTimeKind.Utc => time,
        DateTimeKind.Local => time.ToUniversalTime(),
        _ => DateTime.SpecifyKind(time, DateTimeKind.Utc),
    };
}
