using System.Text;
using System.Text.Json;

namespace OrleansWorkflows;

/// <summary>
/// The JSON settings for user payloads (inputs, outputs, event data, custom status): System.Text.Json with web
/// defaults (camelCase properties, case-insensitive reads). Payloads cross grain calls and live in history as JSON strings.
/// </summary>
public static class WorkflowJson
{
    /// <summary>The options used for every user payload.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>Serializes a payload; <c>null</c> stays <c>null</c> (no JSON at all).</summary>
    /// <param name="value">The value.</param>
    public static string? Serialize(object? value) => value switch
    {
        null => null,
        JsonElement { ValueKind: JsonValueKind.Undefined } => null,
        _ => JsonSerializer.Serialize(value, value.GetType(), Options),
    };

    /// <summary>Deserializes a payload; <c>null</c> or empty JSON gives <c>default</c>.</summary>
    /// <typeparam name="T">The target type.</typeparam>
    /// <param name="json">The JSON text.</param>
    public static T? Deserialize<T>(string? json) =>
        string.IsNullOrEmpty(json) ? default : JsonSerializer.Deserialize<T>(json, Options);

    /// <summary>Deserializes a payload into <paramref name="type"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="type">The target type.</param>
    public static object? Deserialize(string? json, Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize(json, type, Options);
    }

    /// <summary>
    /// Returns why <paramref name="json"/> is not JSON the engine can store and write back, or <c>null</c> when it is
    /// (or is empty): a parse error, or a string or property name that holds a lone surrogate (raw, or escaped as
    /// <c>"\ud800"</c>), which no UTF-8 writer can emit.
    /// </summary>
    /// <param name="json">The JSON text.</param>
    public static string? Validate(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        if (Utf16.HasLoneSurrogate(json))
        {
            return "The JSON text contains a lone surrogate (invalid UTF-16).";
        }

        try
        {
            using (JsonDocument.Parse(json))
            {
            }

            if (!json.Contains("\\u", StringComparison.Ordinal))
            {
                return null;
            }

            // Only an escape can spell a lone surrogate now: unescape every escaped string and name once.
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
            while (reader.Read())
            {
                if (reader is { TokenType: JsonTokenType.String or JsonTokenType.PropertyName, ValueIsEscaped: true })
                {
                    _ = reader.GetString();
                }
            }

            return null;
        }
        catch (JsonException ex)
        {
            return ex.Message;
        }
        catch (InvalidOperationException ex)
        {
            return $"A string escapes a lone surrogate, which is not valid UTF-16 text: {ex.Message}";
        }
    }
}
