using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace OrleansWorkflows.Analyzers.CodeFixes;

/// <summary>
/// Replaces the clock, <c>Guid.NewGuid()</c>, <c>Task.Delay</c> and <c>Thread.Sleep</c> in orchestrator code with the
/// orchestration context's durable equivalents: <c>context.CurrentUtcDateTime</c>, <c>context.NewGuid()</c>,
/// <c>context.CreateTimer(...)</c> (OW1001-OW1004). Offered when an orchestration context is in scope.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseContextCodeFixProvider))]
[Shared]
public sealed class UseContextCodeFixProvider : CodeFixProvider
{
    private const string CancellationNone = "global::System.Threading.CancellationToken.None";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(Rules.Clock.Id, Rules.NewGuid.Id, Rules.Delay.Id, Rules.Sleep.Id);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(Rules.FixProperty, out var fix) || fix is null
                || !diagnostic.Properties.TryGetValue(Rules.ContextProperty, out var orchestration) || orchestration is null
                || await FixHelpers.FlaggedNodeAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false) is not ExpressionSyntax node)
            {
                continue;
            }

            var (title, replacement) = Replacement(diagnostic.Id, fix, orchestration, node);
            if (replacement is { } text)
            {
                context.RegisterCodeFix(FixHelpers.Replace(title, context.Document, node, () => FixHelpers.Expression(text), diagnostic.Id), diagnostic);
            }
        }
    }

    private static (string Title, string? Replacement) Replacement(string id, string fix, string context, ExpressionSyntax node)
    {
        if (id == Rules.Clock.Id)
        {
            return ($"Use {context}.CurrentUtcDateTime", fix switch
            {
                "Today" => $"{context}.CurrentUtcDateTime.Date",
                "Offset" => $"new global::System.DateTimeOffset({context}.CurrentUtcDateTime, global::System.TimeSpan.Zero)",
                _ => $"{context}.CurrentUtcDateTime",
            });
        }

        if (id == Rules.NewGuid.Id)
        {
            return ($"Use {context}.NewGuid()", $"{context}.NewGuid()");
        }

        if (node is not InvocationExpressionSyntax invocation)
        {
            return (string.Empty, null);
        }

        var first = FixHelpers.Argument(invocation, 0, "millisecondsDelay", "delay", "millisecondsTimeout", "timeout");
        if (first is null)
        {
            return (string.Empty, null);
        }

        var delay = fix == "Milliseconds" ? $"global::System.TimeSpan.FromMilliseconds({first.WithoutTrivia()})" : first.WithoutTrivia().ToString();
        var cancellation = FixHelpers.Argument(invocation, 1, "cancellationToken")?.WithoutTrivia().ToString() ?? CancellationNone;
        var timer = $"{context}.CreateTimer({delay}, {cancellation})";
        return id == Rules.Delay.Id
            ? ($"Use {context}.CreateTimer", timer)
            : ($"Use await {context}.CreateTimer", "await " + timer);
    }
}
