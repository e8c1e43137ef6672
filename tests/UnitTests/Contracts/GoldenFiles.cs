using Xunit;

namespace OrleansWorkflows.UnitTests.Contracts;

/// <summary>
/// The golden files under <c>tests/UnitTests/Golden</c>, read from the source tree. A test run never writes them: a
/// missing or different file fails. To change them on purpose (a new event type or message kind, a deliberate format
/// change with a new format version), run with <c>OW_GOLDEN_REGENERATE=1</c> (see <c>Golden/README.md</c>): the files
/// are written and the test still fails, so nothing passes until the diff is reviewed and the tests run again.
/// </summary>
internal static class GoldenFiles
{
    public const string RegenerateVariable = "OW_GOLDEN_REGENERATE";

    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>The golden text of <paramref name="relative"/> (without the file's final newline); fails when missing.</summary>
    public static string Read(string relative)
    {
        var path = PathOf(relative);
        Assert.True(File.Exists(path), $"No golden file Golden/{relative}: every persisted shape needs one. A new type or kind: write it with {RegenerateVariable}=1 (see Golden/README.md) and review it; a renamed stored name: keep the stored name instead (old data holds it).");
        return File.ReadAllText(path).TrimEnd('\n');
    }

    /// <summary>Asserts that <paramref name="actual"/> is exactly the golden text of <paramref name="relative"/>.</summary>
    public static void AssertMatches(string relative, string actual)
    {
        if (Environment.GetEnvironmentVariable(RegenerateVariable) == "1")
        {
            var path = PathOf(relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var changed = !File.Exists(path) || File.ReadAllText(path).TrimEnd('\n') != actual;
            File.WriteAllText(path, actual + "\n");
            Assert.Fail($"{RegenerateVariable}=1: wrote Golden/{relative} ({(changed ? "changed" : "unchanged")}). Review the diff, then run the tests without {RegenerateVariable}.");
        }

        var golden = Read(relative);
        Assert.True(
            golden == actual,
            $"The persisted form changed from Golden/{relative}: stored data written in the golden form would no longer read the same.{Environment.NewLine}golden: {golden}{Environment.NewLine}now:    {actual}");
    }

    /// <summary>The golden files under <paramref name="folder"/>, by name without extension.</summary>
    public static IReadOnlyList<string> NamesIn(string folder) =>
        Directory.Exists(PathOf(folder))
            ? [.. Directory.GetFiles(PathOf(folder), "*.json").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!]
            : [];

    /// <summary>Asserts that <paramref name="folder"/> holds one golden file per name in <paramref name="expected"/> and
    /// no other (a file left without its type means a stored name was renamed).</summary>
    public static void AssertFolderHolds(string folder, IEnumerable<string> expected, string what)
    {
        var names = expected.ToHashSet(StringComparer.Ordinal);
        var files = NamesIn(folder);
        var missing = names.Except(files).Order(StringComparer.Ordinal).ToList();
        var orphans = files.Except(names).ToList();
        Assert.True(
            missing.Count == 0 && orphans.Count == 0,
            $"Golden/{folder}: {what}s without a golden file: [{string.Join(", ", missing)}]; golden files without a {what} (a stored name renamed?): [{string.Join(", ", orphans)}]");
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "UnitTests.csproj")))
            {
                return Path.Combine(dir.FullName, "Golden");
            }
        }

        throw new InvalidOperationException($"The golden files are read from the source tree: no UnitTests.csproj above {AppContext.BaseDirectory}.");
    }
}
