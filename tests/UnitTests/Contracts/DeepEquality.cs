using System.Collections;
using System.Reflection;
using Xunit;

namespace OrleansWorkflows.UnitTests.Contracts;

/// <summary>Compares two object graphs by their public properties (dictionaries by key, sequences in order, times with
/// their kind) and lists every difference by path, so a round trip that loses or changes a field says which.</summary>
internal static class DeepEquality
{
    /// <summary>Asserts that <paramref name="actual"/> (read from <paramref name="source"/>) equals <paramref name="expected"/>
    /// in every public property, listing each difference.</summary>
    public static void AssertSame(object? expected, object? actual, string source)
    {
        var differences = new List<string>();
        Compare(expected, actual, "$", differences);
        Assert.True(differences.Count == 0, $"{source} does not read back as the sample:{Environment.NewLine}{string.Join(Environment.NewLine, differences)}");
    }

    private static void Compare(object? expected, object? actual, string path, List<string> differences)
    {
        if (expected is null || actual is null)
        {
            if (expected is not null || actual is not null)
            {
                differences.Add($"{path}: expected {expected ?? "null"}, got {actual ?? "null"}");
            }

            return;
        }

        if (expected.GetType() != actual.GetType())
        {
            differences.Add($"{path}: expected a {expected.GetType().Name}, got a {actual.GetType().Name}");
            return;
        }

        switch (expected)
        {
            case DateTime e when e != (DateTime)actual || e.Kind != ((DateTime)actual).Kind:
                differences.Add($"{path}: expected {e:O}, got {(DateTime)actual:O}");
                return;
            case string or ValueType:
                if (!expected.Equals(actual))
                {
                    differences.Add($"{path}: expected {expected}, got {actual}");
                }

                return;
            case IDictionary e:
                var a = (IDictionary)actual;
                foreach (var key in e.Keys.Cast<object>().Union(a.Keys.Cast<object>()))
                {
                    Compare(e.Contains(key) ? e[key] : null, a.Contains(key) ? a[key] : null, $"{path}[{key}]", differences);
                }

                return;
            case IEnumerable e:
                var expectedItems = e.Cast<object?>().ToList();
                var actualItems = ((IEnumerable)actual).Cast<object?>().ToList();
                for (var i = 0; i < Math.Max(expectedItems.Count, actualItems.Count); i++)
                {
                    Compare(i < expectedItems.Count ? expectedItems[i] : null, i < actualItems.Count ? actualItems[i] : null, $"{path}[{i}]", differences);
                }

                return;
        }

        foreach (var property in expected.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
        {
            Compare(property.GetValue(expected), property.GetValue(actual), $"{path}.{property.Name}", differences);
        }
    }
}
