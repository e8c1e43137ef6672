namespace OrleansWorkflows;

/// <summary>
/// Orders orchestration versions: by their dot-separated numbers when both are numeric (2 &lt; 10, 1.9 &lt; 1.10, 1 &lt; 1.0.1),
/// else as text ignoring case. Equal versions differ at most in case.
/// </summary>
internal sealed class VersionComparer : IComparer<string>
{
    public static VersionComparer Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }

        if (Numbers(x) is { } a && Numbers(y) is { } b)
        {
            for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
            {
                if (a[i] != b[i])
                {
                    return a[i].CompareTo(b[i]);
                }
            }

            if (a.Length != b.Length)
            {
                return a.Length.CompareTo(b.Length);
            }
        }

        return StringComparer.OrdinalIgnoreCase.Compare(x, y);
    }

    private static long[]? Numbers(string version)
    {
        var parts = version.Split('.');
        var numbers = new long[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i].Length == 0 || parts[i].Length > 18 || !parts[i].All(char.IsAsciiDigit))
            {
                return null;
            }

            numbers[i] = long.Parse(parts[i], System.Globalization.CultureInfo.InvariantCulture);
        }

        return numbers;
    }
}
