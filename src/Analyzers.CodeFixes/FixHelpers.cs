using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace OrleansWorkflows.Analyzers.CodeFixes;

/// <summary>What the code fixes share: finding the flagged node and replacing it.</summary>
internal static class FixHelpers
{
    /// <summary>The node the diagnostic points at (the innermost one of that exact span).</summary>
    public static async Task<SyntaxNode?> FlaggedNodeAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
    }

    /// <summary>A code action replacing <paramref name="node"/> with <paramref name="replacement"/> (simplified and formatted).</summary>
    public static CodeAction Replace(string title, Document document, SyntaxNode node, Func<SyntaxNode> replacement, string equivalenceKey) =>
        CodeAction.Create(
            title,
            async cancellationToken =>
            {
                var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                var newNode = replacement();
                newNode = newNode.ReplaceNodes(
                    newNode.DescendantNodesAndSelf().Where(n => n is QualifiedNameSyntax or AliasQualifiedNameSyntax or MemberAccessExpressionSyntax),
                    (_, rewritten) => rewritten.WithAdditionalAnnotations(Simplifier.Annotation));
                newNode = newNode.WithTriviaFrom(node).WithAdditionalAnnotations(Simplifier.Annotation, Formatter.Annotation);
                var changed = document.WithSyntaxRoot(root!.ReplaceNode(node, newNode));
                // global::System.TimeSpan -> TimeSpan where a using allows it.
                changed = await Simplifier.ReduceAsync(changed, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
                return await Formatter.FormatAsync(changed, Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
            },
            equivalenceKey);

    /// <summary>Parses <paramref name="text"/> as an expression.</summary>
    public static ExpressionSyntax Expression(string text) => SyntaxFactory.ParseExpression(text);

    /// <summary>The argument of <paramref name="invocation"/> for parameter <paramref name="position"/> (named or positional).</summary>
    public static ExpressionSyntax? Argument(InvocationExpressionSyntax invocation, int position, params string[] names)
    {
        var arguments = invocation.ArgumentList.Arguments;
        var named = arguments.FirstOrDefault(a => a.NameColon is { } n && names.Contains(n.Name.Identifier.ValueText));
        if (named is not null)
        {
            return named.Expression;
        }

        return position < arguments.Count && arguments[position].NameColon is null ? arguments[position].Expression : null;
    }
}
