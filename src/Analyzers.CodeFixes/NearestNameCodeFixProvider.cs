using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace OrleansWorkflows.Analyzers.CodeFixes;

/// <summary>Replaces an activity, orchestration or entity name that nothing registers with the nearest registered one (OW1020).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(NearestNameCodeFixProvider))]
[Shared]
public sealed class NearestNameCodeFixProvider : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Rules.UnknownName.Id);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (diagnostic.Properties.TryGetValue(Rules.SuggestionProperty, out var suggestion) && suggestion is { } name
                && await FixHelpers.FlaggedNodeAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false) is ExpressionSyntax node)
            {
                context.RegisterCodeFix(
                    FixHelpers.Replace(
                        $"Use '{name}'",
                        context.Document,
                        node,
                        () => SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(name)),
                        diagnostic.Id),
                    diagnostic);
            }
        }
    }
}
