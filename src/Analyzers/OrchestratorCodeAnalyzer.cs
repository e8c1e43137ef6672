using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace OrleansWorkflows.Analyzers;

/// <summary>
/// Flags, inside orchestrator code only, what breaks replay (OW1001-OW1012), and names and types that do not match a
/// registration (OW1020, OW1021). Orchestrator code is: every member of an orchestrator class, every lambda or method
/// registered with <c>WorkflowRegistry.AddOrchestrator(name, body)</c>, and every method of the compilation they call,
/// directly or not (activities and entities excepted). Findings in the first two, and names and types used in calls on
/// the context, are reported as the code is analyzed; findings in called methods once the whole compilation is known.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class OrchestratorCodeAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Rules.Clock, Rules.NewGuid, Rules.Delay, Rules.Sleep, Rules.ThreadPool, Rules.ConfigureAwait, Rules.Blocking,
        Rules.Random, Rules.Environment, Rules.InputOutput, Rules.Cancellation, Rules.StaticField, Rules.UnknownName,
        Rules.TypeMismatch);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (WorkflowSymbols.For(start.Compilation) is not { } symbols)
            {
                return;
            }

            var code = new OrchestratorCode(symbols, new WorkflowCatalog(symbols, start.CancellationToken));
            start.RegisterOperationBlockAction(block => code.Analyze(block));
            start.RegisterCompilationEndAction(end => code.ReportEnd(end));
        });
    }
}
