namespace OrleansWorkflows;

/// <summary>Checks of UTF-16 text the engine must be able to write back (as UTF-8 JSON, grain keys, store rows).</summary>
internal static class Utf16
{
    /// <summary>True when <paramref name="text"/> holds a high surrogate not followed by a low one, or a low one alone.</summary>
    public static bool HasLoneSurrogate(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }
}
