using System.Reflection;
using Xunit;

namespace OrleansWorkflows.StorageConformanceTests.Architecture;

/// <summary>
/// The storage layer stands below the engine: no <c>OrleansWorkflows.Storage.*</c> assembly (the contracts and the
/// backends) references the engine assembly, <c>OrleansWorkflows.Grains</c>. Only the composition root
/// (<c>Storage.Hosting</c>) and the engine itself may see both.
/// </summary>
public sealed class StorageLayeringTests
{
    private const string Engine = "OrleansWorkflows.Grains";

    /// <summary>The storage assemblies that must stay free of the engine (loaded by name, so one missing fails the test).</summary>
    private static readonly string[] Names =
    [
        "OrleansWorkflows.Storage.Abstractions",
        "OrleansWorkflows.Storage.AzureStorage",
        "OrleansWorkflows.Storage.Sqlite",
        "OrleansWorkflows.Storage.PostgreSql",
    ];

    public static TheoryData<string> StorageAssemblies() => [.. Names];

    [Theory]
    [MemberData(nameof(StorageAssemblies))]
    public void StorageAssembly_DoesNotReferenceTheEngine(string name)
    {
        var assembly = Assembly.Load(name);
        var references = assembly.GetReferencedAssemblies().Select(r => r.Name).ToList();
        Assert.DoesNotContain(Engine, references);
    }

    [Fact]
    public void EveryStorageAssemblyInTheOutput_IsChecked()
    {
        // A new OrleansWorkflows.Storage.* backend next to the tests must be added to the list above.
        var directory = Path.GetDirectoryName(typeof(StorageLayeringTests).Assembly.Location)!;
        var found = Directory.GetFiles(directory, "OrleansWorkflows.Storage.*.dll")
            .Select(Path.GetFileNameWithoutExtension)
            .Where(n => n != "OrleansWorkflows.Storage.Hosting" && n != "OrleansWorkflows.StorageConformanceTests")
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(Names.Order(StringComparer.Ordinal), found);
    }
}
