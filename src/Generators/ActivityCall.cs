using System.Text;
using Microsoft.CodeAnalysis;

namespace OrleansWorkflows.Generators;

/// <summary>One activity class as its typed call helper needs it (strings only, so the generator's pipeline caches).</summary>
/// <param name="Name">The registered name.</param>
/// <param name="MethodName">The helper's name: <c>Call{Name}Async</c>, the name reduced to identifier characters.</param>
/// <param name="Activity">The class, fully qualified.</param>
/// <param name="Input">The input type, fully qualified.</param>
/// <param name="Output">The output type, fully qualified.</param>
internal sealed record ActivityCall(string Name, string MethodName, string Activity, string Input, string Output)
{
    private static readonly SymbolDisplayFormat Qualified = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>The call of <paramref name="type"/>, or <c>null</c> when it is not a public, non-abstract, non-generic activity class.</summary>
    public static ActivityCall? Of(INamedTypeSymbol? type)
    {
        if (type is null || type.IsAbstract || type.IsGenericType || !IsPublic(type))
        {
            return null;
        }

        for (var baseType = type.BaseType; baseType is not null; baseType = baseType.BaseType)
        {
            if (baseType is { Name: "TaskActivity", Arity: 2, ContainingNamespace: { Name: "OrleansWorkflows", ContainingNamespace.IsGlobalNamespace: true } })
            {
                var name = NameOf(type);
                var identifier = Identifier(name);
                return identifier.Length == 0
                    ? null
                    : new ActivityCall(
                        name,
                        $"Call{identifier}Async",
                        type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                        baseType.TypeArguments[0].ToDisplayString(Qualified),
                        baseType.TypeArguments[1].ToDisplayString(Qualified));
            }
        }

        return null;
    }

    private static bool IsPublic(INamedTypeSymbol type)
    {
        for (ISymbol? symbol = type; symbol is INamedTypeSymbol; symbol = symbol.ContainingType)
        {
            if (symbol.DeclaredAccessibility != Accessibility.Public)
            {
                return false;
            }
        }

        return true;
    }

    private static string NameOf(INamedTypeSymbol type)
    {
        foreach (var attribute in type.GetAttributes())
        {
            if (attribute.AttributeClass is { Name: "WorkflowNameAttribute", ContainingNamespace.Name: "OrleansWorkflows" }
                && attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string name)
            {
                return name;
            }
        }

        return type.Name;
    }

    private static string Identifier(string name)
    {
        var identifier = new StringBuilder();
        foreach (var c in name)
        {
            if (char.IsLetterOrDigit(c) || c == '_')
            {
                identifier.Append(c);
            }
        }

        return identifier.ToString();
    }
}
