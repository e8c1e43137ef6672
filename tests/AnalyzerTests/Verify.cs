using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using OrleansWorkflows.Analyzers;

namespace OrleansWorkflows.AnalyzerTests;

/// <summary>
/// Runs <see cref="OrchestratorCodeAnalyzer"/> (and a code fix) on test sources with the Roslyn testing library. The
/// sources compile against this process's own assemblies (the running .NET and the authoring API), so nothing is
/// downloaded: the reference-assembly set is empty and the trusted platform assemblies are added instead.
/// </summary>
internal static class Verify
{
    /// <summary>The usings every test source starts with.</summary>
    public const string Usings = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using OrleansWorkflows;

        """;

    private static readonly ReferenceAssemblies NoDownload = new("net10.0");

    private static readonly ImmutableArray<MetadataReference> References =
    [
        .. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(path => path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.Ordinal)
            .Select(path => MetadataReference.CreateFromFile(path)),
    ];

    /// <summary>Asserts that <paramref name="source"/> (markup: <c>{|OW1001:text|}</c>) has exactly the marked and <paramref name="expected"/> diagnostics.</summary>
    public static Task AnalyzerAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerTest<OrchestratorCodeAnalyzer, DefaultVerifier> { TestCode = Usings + source, ReferenceAssemblies = NoDownload };
        test.TestState.AdditionalReferences.AddRange(References);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>Asserts that <typeparamref name="TFix"/> turns <paramref name="source"/> into <paramref name="fixedSource"/>, which has no diagnostic left.</summary>
    public static Task CodeFixAsync<TFix>(string source, string fixedSource, params DiagnosticResult[] expected)
        where TFix : CodeFixProvider, new()
    {
        var test = new CSharpCodeFixTest<OrchestratorCodeAnalyzer, TFix, DefaultVerifier>
        {
            TestCode = Usings + source,
            FixedCode = Usings + fixedSource,
            ReferenceAssemblies = NoDownload,
        };
        test.TestState.AdditionalReferences.AddRange(References);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>An expected diagnostic of <paramref name="rule"/> at markup location <c>{|#n:...|}</c>.</summary>
    public static DiagnosticResult At(DiagnosticDescriptor rule, int location) => new DiagnosticResult(rule).WithLocation(location);
}
