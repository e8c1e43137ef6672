using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace OrleansWorkflows.Analyzers.CodeFixes;

/// <summary>
/// Keeps orchestrator code on its scheduler: removes <c>.ConfigureAwait(false)</c> (OW1006), awaits instead of
/// <c>.Result</c> or <c>.Wait()</c> in async code (OW1007), and replaces <c>await cts.CancelAsync()</c> with
/// <c>cts.Cancel()</c> (OW1011).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AwaitCodeFixProvider))]
[Shared]
public sealed class AwaitCodeFixProvider : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(Rules.ConfigureAwait.Id, Rules.Blocking.Id, Rules.Cancellation.Id);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(Rules.FixProperty, out var fix) || fix is null
                || await FixHelpers.FlaggedNodeAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false) is not ExpressionSyntax node)
            {
                continue;
            }

            switch (fix, node)
            {
                case ("ConfigureAwait", InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access }):
                    Register(context, diagnostic, "Await the task itself", node, () => access.Expression);
                    break;
                case ("Result", MemberAccessExpressionSyntax access):
                    // Parenthesized only where the result is used as a receiver: (await task).Length.
                    var awaited = node.Parent is MemberAccessExpressionSyntax or ElementAccessExpressionSyntax or ConditionalAccessExpressionSyntax or InvocationExpressionSyntax
                        ? $"(await {access.Expression.WithoutTrivia()})"
                        : $"await {access.Expression.WithoutTrivia()}";
                    Register(context, diagnostic, "Await the task", node, () => FixHelpers.Expression(awaited));
                    break;
                case ("Wait", InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access }):
                    Register(context, diagnostic, "Await the task", node, () => FixHelpers.Expression($"await {access.Expression.WithoutTrivia()}"));
                    break;
                case ("CancelAsync", InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access, Parent: AwaitExpressionSyntax awaitExpression }):
                    Register(context, diagnostic, "Cancel synchronously", awaitExpression, () => FixHelpers.Expression($"{access.Expression.WithoutTrivia()}.Cancel()"));
                    break;
            }
        }
    }

    private static void Register(CodeFixContext context, Diagnostic diagnostic, string title, SyntaxNode node, Func<SyntaxNode> replacement) =>
        context.RegisterCodeFix(FixHelpers.Replace(title, context.Document, node, replacement, diagnostic.Id + ":" + title), diagnostic);
}
