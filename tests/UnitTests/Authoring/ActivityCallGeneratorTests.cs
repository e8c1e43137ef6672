using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using OrleansWorkflows.Generators;
using Xunit;

namespace OrleansWorkflows.UnitTests.Authoring;

/// <summary>
/// The typed activity calls (issue 13 item 3, optional part): the generator gives every public, non-abstract,
/// non-generic activity class a <c>context.Call{Name}Async(input)</c> under its registered name, and the code calling
/// them compiles.
/// </summary>
public sealed class ActivityCallGeneratorTests
{
    private const string Source = """
        using System.Threading.Tasks;
        using OrleansWorkflows;

        namespace App;

        [WorkflowName("Say.Hello")]
        public sealed class SayHello : TaskActivity<string, string>
        {
            public override Task<string> RunAsync(ActivityContext context, string input) => Task.FromResult("Hello " + input);
        }

        public sealed class Square : TaskActivity<int, long>
        {
            public override Task<long> RunAsync(ActivityContext context, int input) => Task.FromResult((long)input * input);
        }

        internal sealed class Hidden : TaskActivity<int, int>
        {
            public override Task<int> RunAsync(ActivityContext context, int input) => Task.FromResult(input);
        }

        public abstract class Base : TaskActivity<int, int>
        {
        }

        public sealed class Generic<T> : TaskActivity<T, T>
        {
            public override Task<T> RunAsync(ActivityContext context, T input) => Task.FromResult(input);
        }

        public sealed class Flow : TaskOrchestrator<int, string>
        {
            public override async Task<string> RunAsync(OrchestrationContext context, int input) =>
                await context.CallSayHelloAsync("Ada") + await context.CallSquareAsync(input);
        }
        """;

    [Fact]
    public void PublicActivities_GetTypedCalls_UnderTheirRegisteredNames_AndTheCallersCompile()
    {
        var compilation = CSharpCompilation.Create(
            "App",
            [CSharpSyntaxTree.ParseText(Source)],
            References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        var driver = CSharpGeneratorDriver.Create(new ActivityCallGenerator()).RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);

        Assert.Empty(diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var generated = Assert.Single(driver.GetRunResult().GeneratedTrees).ToString();
        Assert.Contains("Task<string> CallSayHelloAsync(this global::OrleansWorkflows.OrchestrationContext context, string input,", generated, StringComparison.Ordinal);
        Assert.Contains("context.CallActivityAsync<string>(\"Say.Hello\", input, options, callerFilePath, callerLineNumber)", generated, StringComparison.Ordinal);
        Assert.Contains("Task<long> CallSquareAsync(this global::OrleansWorkflows.OrchestrationContext context, int input,", generated, StringComparison.Ordinal);
        Assert.DoesNotContain("Hidden", generated, StringComparison.Ordinal);
        Assert.DoesNotContain("CallBaseAsync", generated, StringComparison.Ordinal);
        Assert.DoesNotContain("Generic", generated, StringComparison.Ordinal);
    }

    private static IEnumerable<MetadataReference> References() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Append(typeof(TaskActivity<,>).Assembly.Location)
            .Distinct()
            .Select(path => MetadataReference.CreateFromFile(path));
}
