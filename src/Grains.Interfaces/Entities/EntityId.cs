namespace OrleansWorkflows;

/// <summary>
/// The id of a durable entity: an entity name (case-insensitive, kept lower-case) and a key (any string, including
/// empty). Its string form is <c>@name@key</c>, which is also the entity's id in the workflow store (orchestration
/// instance ids never start with <c>@</c>).
/// </summary>
[GenerateSerializer, Immutable, Alias("ow.EntityId")]
public readonly record struct EntityId
{
    /// <summary>The longest allowed name or key.</summary>
    public const int MaxLength = 256;

    /// <summary>Creates an entity id.</summary>
    /// <param name="name">The entity name: 1-256 characters without <c>@ / \ # ?</c> or control characters; stored lower-case.</param>
    /// <param name="key">The key: any string of at most 256 characters (empty allowed).</param>
    /// <exception cref="ArgumentException">The name or key is not valid.</exception>
    public EntityId(string name, string key)
    {
        if (ValidateName(name) is { } nameError)
        {
            throw new ArgumentException(nameError, nameof(name));
        }

        if (ValidateKey(key) is { } keyError)
        {
            throw new ArgumentException(keyError, nameof(key));
        }

        Name = name.ToLowerInvariant();
        Key = key;
    }

    /// <summary>The entity name, lower-case.</summary>
    [Id(0)] public string Name { get => field ?? string.Empty; init; }

    /// <summary>The key.</summary>
    [Id(1)] public string Key { get => field ?? string.Empty; init; }

    /// <summary>Returns why <paramref name="name"/> is not a valid entity name, or <c>null</c> when it is.</summary>
    /// <param name="name">The name to check.</param>
    public static string? ValidateName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > MaxLength)
        {
            return $"The entity name must be 1-{MaxLength} characters long and not blank.";
        }

        return name.Any(c => c is '@' or '/' or '\\' or '#' or '?' || char.IsControl(c)) || Utf16.HasLoneSurrogate(name)
            ? $"The entity name '{name}' must not contain '@', '/', '\\', '#', '?', control characters or lone surrogates."
            : null;
    }

    /// <summary>Returns why <paramref name="key"/> is not a valid entity key, or <c>null</c> when it is.</summary>
    /// <param name="key">The key to check.</param>
    public static string? ValidateKey(string? key) => key switch
    {
        null => "The entity key must not be null (an empty key is allowed).",
        { Length: > MaxLength } => $"The entity key must be at most {MaxLength} characters long (it has {key.Length}).",
        _ when Utf16.HasLoneSurrogate(key) => "The entity key must not contain a lone surrogate (invalid UTF-16).",
        _ => null,
    };

    /// <summary>Parses the string form <c>@name@key</c> (the key may contain <c>@</c>).</summary>
    /// <param name="value">The string form.</param>
    /// <exception cref="FormatException">The value is not an entity id.</exception>
    public static EntityId Parse(string value) =>
        TryParse(value, out var id) ? id : throw new FormatException($"'{value}' is not an entity id of the form '@name@key' with a valid name and key.");

    /// <summary>Parses the string form <c>@name@key</c>; false when <paramref name="value"/> is not a valid entity id.</summary>
    /// <param name="value">The string form.</param>
    /// <param name="id">The parsed id.</param>
    public static bool TryParse(string? value, out EntityId id)
    {
        id = default;
        if (value is not { Length: > 1 } || value[0] != '@' || value.IndexOf('@', 1) is var at && at < 0)
        {
            return false;
        }

        var name = value[1..at];
        var key = value[(at + 1)..];
        if (ValidateName(name) is not null || ValidateKey(key) is not null)
        {
            return false;
        }

        id = new EntityId(name, key);
        return true;
    }

    /// <summary>True when <paramref name="instanceId"/> is the store id of an entity (it starts with <c>@</c>).</summary>
    /// <param name="instanceId">A workflow store id or message receiver.</param>
    public static bool IsEntityInstanceId(string? instanceId) => instanceId is { Length: > 0 } && instanceId[0] == '@';

    /// <summary>The string form <c>@name@key</c>.</summary>
    public override string ToString() => $"@{Name}@{Key}";
}
