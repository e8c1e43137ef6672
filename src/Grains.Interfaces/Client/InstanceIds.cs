namespace OrleansWorkflows;

/// <summary>Rules for orchestration instance ids (the Durable Functions rules).</summary>
public static class InstanceIds
{
    /// <summary>The longest allowed id.</summary>
    public const int MaxLength = 256;

    /// <summary>A new random id: 32 lower-case hex characters.</summary>
    public static string New() => Guid.NewGuid().ToString("N");

    /// <summary>Returns why <paramref name="instanceId"/> is not a valid id, or <c>null</c> when it is.</summary>
    /// <param name="instanceId">The id to check.</param>
    public static string? Validate(string? instanceId)
    {
        if (string.IsNullOrEmpty(instanceId))
        {
            return "The instance id must not be empty.";
        }

        if (string.IsNullOrWhiteSpace(instanceId))
        {
            return "The instance id must not be made only of whitespace.";
        }

        if (instanceId.Length > MaxLength)
        {
            return $"The instance id must be at most {MaxLength} characters long (it has {instanceId.Length}).";
        }

        if (instanceId[0] == '@')
        {
            return "The instance id must not start with '@'.";
        }

        foreach (var c in instanceId)
        {
            if (c is '/' or '\\' or '#' or '?' || char.IsControl(c))
            {
                return "The instance id must not contain '/', '\\', '#', '?' or control characters.";
            }
        }

        return Utf16.HasLoneSurrogate(instanceId) ? "The instance id must not contain a lone surrogate (invalid UTF-16)." : null;
    }

    /// <summary>Throws <see cref="ArgumentException"/> when <paramref name="instanceId"/> is not valid.</summary>
    /// <param name="instanceId">The id to check.</param>
    public static void ThrowIfInvalid(string? instanceId)
    {
        if (Validate(instanceId) is { } error)
        {
            throw new ArgumentException(error, nameof(instanceId));
        }
    }
}
